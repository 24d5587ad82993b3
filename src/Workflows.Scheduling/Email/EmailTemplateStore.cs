using System.Text.RegularExpressions;
using Fluid;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Email;

namespace Workflows.Scheduling.Email;

/// <summary>Where a template does not parse: the part (subject or body), line, column and Fluid's message.</summary>
public sealed record TemplateSyntaxError(string Part, int Line, int Column, string Message);

/// <summary>The templates in use: an administrator's saved version, or the shipped default.</summary>
public sealed partial class EmailTemplateStore(IDbContextFactory<WorkflowsDbContext> contexts, TimeProvider time)
{
    internal static readonly FluidParser Parser = new();

    public static bool IsKnown(string key) => DefaultEmailTemplates.All.ContainsKey(key);

    public async Task<(EmailTemplate Template, DateTimeOffset? UpdatedAt)> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var saved = await db.EmailTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Key == key, cancellationToken);
        return saved is null ? (DefaultEmailTemplates.All[key], null) : (new EmailTemplate(key, saved.Subject, saved.Body), saved.UpdatedAt);
    }

    /// <returns>The syntax errors; nothing is saved when there are any.</returns>
    public async Task<IReadOnlyList<TemplateSyntaxError>> SaveAsync(EmailTemplate template, string? by, CancellationToken cancellationToken)
    {
        var errors = FindSyntaxErrors(template);
        if (errors.Count > 0)
        {
            return errors;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.EmailTemplates.FirstOrDefaultAsync(t => t.Key == template.Key, cancellationToken);
        if (row is null)
        {
            row = new EmailTemplateRecord { Key = template.Key };
            db.EmailTemplates.Add(row);
        }
        (row.Subject, row.Body, row.UpdatedAt, row.UpdatedBy) = (template.Subject, template.Body, time.GetUtcNow(), by);
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    /// <summary>The parts of <paramref name="template"/> that do not parse; empty when it does.</summary>
    public static IReadOnlyList<TemplateSyntaxError> FindSyntaxErrors(EmailTemplate template) =>
        [.. new[] { Check("subject", template.Subject), Check("body", template.Body) }.OfType<TemplateSyntaxError>()];

    private static TemplateSyntaxError? Check(string part, string source)
    {
        if (Parser.TryParse(source, out _, out var error))
        {
            return null;
        }
        // Fluid ends its message with "at (line:column)".
        var at = Position().Match(error);
        return at.Success
            ? new TemplateSyntaxError(part, int.Parse(at.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(at.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), error)
            : new TemplateSyntaxError(part, 1, 1, error);
    }

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex Position();
}
