using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Documents;

namespace Workflows.Server.Documents;

/// <summary>Document templates: an administrator's saved version where there is one, else the shipped default.</summary>
public sealed class DocumentTemplateStore(WorkflowsDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<DocumentTemplate>> ListAsync(CancellationToken cancellationToken)
    {
        var saved = await db.Set<DocumentTemplateRecord>().AsNoTracking().ToListAsync(cancellationToken);
        return [.. ShippedDocumentTemplates.All.Select(t => t.Key).Union(saved.Select(s => s.Key)).Order(StringComparer.Ordinal)
            .Select(key => saved.FirstOrDefault(s => s.Key == key) is { } record ? FromRecord(record) : ShippedDocumentTemplates.Find(key)!)];
    }

    public async Task<DocumentTemplate?> FindAsync(string key, CancellationToken cancellationToken) =>
        await db.Set<DocumentTemplateRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Key == key, cancellationToken) is { } record
            ? FromRecord(record)
            : ShippedDocumentTemplates.Find(key);

    /// <summary>
    /// Saves a template that is complete (a name, a number prefix and a body) and parses; returns what is missing or
    /// the parts that do not parse, and saves nothing then.
    /// </summary>
    public async Task<IReadOnlyList<TemplateSyntaxError>> SaveAsync(DocumentTemplate template, string userName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(template.Name) || string.IsNullOrWhiteSpace(template.NumberPrefix) || string.IsNullOrWhiteSpace(template.Body))
        {
            return [new TemplateSyntaxError("template", "name, numberPrefix and body are required", null, null)];
        }
        if (!DocumentPublicity.All.Contains(template.Publicity))
        {
            return [new TemplateSyntaxError("publicity", $"publicity must be one of {string.Join(", ", DocumentPublicity.All)}", null, null)];
        }
        var errors = DocumentComposer.FindSyntaxErrors(template);
        if (errors.Count > 0)
        {
            return errors;
        }
        var record = await db.Set<DocumentTemplateRecord>().FirstOrDefaultAsync(t => t.Key == template.Key, cancellationToken);
        if (record is null)
        {
            record = new DocumentTemplateRecord { Key = template.Key };
            db.Add(record);
        }
        (record.Name, record.NumberPrefix, record.Title, record.Addressee, record.Body, record.Issuer) =
            (template.Name, template.NumberPrefix.Trim(), template.Title, template.Addressee, template.Body, template.Issuer);
        (record.Publicity, record.Cc, record.PrintedBy, record.AnnexTitle, record.Annex, record.AnnexPublic) =
            (template.Publicity, template.Cc, template.PrintedBy, template.AnnexTitle, template.Annex, template.AnnexPublic);
        (record.UpdatedAt, record.UpdatedBy) = (time.GetUtcNow(), userName);
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    private static DocumentTemplate FromRecord(DocumentTemplateRecord r) =>
        new(r.Key, r.Name, r.NumberPrefix, r.Title, r.Addressee, r.Body, r.Issuer, r.Publicity, r.Cc, r.PrintedBy, r.AnnexTitle, r.Annex, r.AnnexPublic);
}
