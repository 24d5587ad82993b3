using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using Workflows.Persistence.Documents;

namespace Workflows.Server.Ledgers;

/// <summary>
/// What a ledger row is read from: one matter's status and times, its facts (start input, then variables, then the
/// data each GenerateDocument step filled its template with, later ones winning), its documents and its task titles.
/// </summary>
public sealed record LedgerMatter(
    string Id, WorkflowStatus Status, string? Result, string? StartedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt,
    JsonObject Facts, IReadOnlyList<GeneratedDocumentRecord> Documents, IReadOnlyList<string> TaskTitles, int? WorkingDays,
    Func<DateTimeOffset, DateOnly> LocalDate)
{
    /// <summary>An instant as the office's calendar day, YYYY-MM-DD.</summary>
    public string Day(DateTimeOffset at) => LocalDate(at).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public string Text(string name) => Facts[name] switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "是" : "否",
        JsonArray list => string.Join("、", list.Select(i => i?.ToString())),
        var other => other.ToString(),
    };

    public bool Flag(string name) => Facts[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    public decimal? Number(string name) => Facts[name] is JsonValue value && value.TryGetValue<decimal>(out var number) ? number
        : decimal.TryParse(Text(name), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    /// <summary>The newest issued (or voided) document made from <paramref name="templateKey"/>.</summary>
    public GeneratedDocumentRecord? Document(string templateKey) =>
        Documents.Where(d => d.TemplateKey == templateKey && DocumentStates.IsNumbered(d.State)).OrderByDescending(d => d.SignedAt ?? d.CreatedAt).FirstOrDefault();
}
