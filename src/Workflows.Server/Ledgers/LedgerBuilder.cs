using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Calendar;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Documents;

namespace Workflows.Server.Ledgers;

/// <summary>Builds a procedure's ledger for a period from all its matters started in it (office days, both ends included).</summary>
public sealed class LedgerBuilder(WorkflowsDbContext db, DeadlineCalculator calendar, IWorkingDayCalendar workingDays)
{
    public async Task<LedgerDto> BuildAsync(string definitionId, string name, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var ledger = ShippedLedgers.For(definitionId, name);
        // Filtered by date in memory: SQLite cannot compare DateTimeOffset columns, and a procedure's matters are few.
        var records = (await db.Instances.AsNoTracking().Where(i => i.DefinitionId == definitionId)
                .Select(i => new { i.Id, i.State, i.CreatedAt }).ToListAsync(cancellationToken))
            .Where(i => (from is null || calendar.LocalDate(i.CreatedAt) >= from) && (to is null || calendar.LocalDate(i.CreatedAt) <= to))
            .OrderBy(i => i.CreatedAt).ToList();
        var ids = records.Select(r => r.Id).ToList();
        var documents = (await db.Set<GeneratedDocumentRecord>().AsNoTracking().Where(d => ids.Contains(d.InstanceId)).ToListAsync(cancellationToken))
            .ToLookup(d => d.InstanceId);
        var tasks = (await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.InstanceId)).Select(t => new { t.InstanceId, t.Title }).ToListAsync(cancellationToken))
            .ToLookup(t => t.InstanceId, t => t.Title);
        var payloads = (await db.Outbox.AsNoTracking().Where(o => ids.Contains(o.InstanceId) && o.Kind == SideEffectKinds.Document)
                .Select(o => new { o.InstanceId, o.Payload, o.CreatedAt }).ToListAsync(cancellationToken))
            .OrderBy(o => o.CreatedAt).ToLookup(o => o.InstanceId, o => o.Payload);

        var matters = records.Select(r =>
        {
            var instance = JsonSerializer.Deserialize<WorkflowInstance>(r.State, InstanceJson.Options)!;
            var facts = Facts(instance, payloads[r.Id]);
            int? days = instance.FinishedAt is { } finished
                ? workingDays.WorkingDaysBetween(calendar.LocalDate(instance.CreatedAt), calendar.LocalDate(finished))
                : null;
            return new LedgerMatter(instance.Id, instance.Status, instance.Result?.ToString(), instance.StartedBy, instance.CreatedAt, instance.FinishedAt,
                facts, [.. documents[r.Id]], [.. tasks[r.Id]], days, calendar.LocalDate);
        }).ToList();

        var rows = matters.Select(m => (IReadOnlyDictionary<string, object?>)ledger.Columns.ToDictionary(c => c.Key, c => c.Value(m))).ToList();
        var groups = ledger.TotalBy is { } by
            ? rows.GroupBy(r => r[by]?.ToString() ?? "").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new LedgerTotalDto(g.Key, g.Count())).ToList()
            : [];
        decimal? sum = ledger.SumOf is { } sumOf ? rows.Sum(r => r[sumOf] as decimal? ?? 0) : null;
        return new LedgerDto(definitionId, ledger.Title, from, to, [.. ledger.Columns.Select(c => new LedgerColumnDto(c.Key, c.Header))], rows,
            new LedgerTotalsDto(rows.Count, ledger.TotalBy, groups, ledger.SumOf, sum));
    }

    /// <summary>Start input, then variables, then each document request's template data: what the matter says about itself.</summary>
    private static JsonObject Facts(WorkflowInstance instance, IEnumerable<string> documentPayloads)
    {
        var facts = new JsonObject();
        void Merge(JsonObject? source)
        {
            foreach (var (key, value) in source ?? [])
            {
                if (value is not null)
                {
                    facts[key] = value.DeepClone();
                }
            }
        }
        Merge(instance.Input);
        Merge(instance.Variables);
        foreach (var payload in documentPayloads)
        {
            Merge(JsonNode.Parse(payload)?["data"] as JsonObject);
        }
        return facts;
    }
}
