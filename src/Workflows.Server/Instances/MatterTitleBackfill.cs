using Microsoft.EntityFrameworkCore;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Tasks;
using Workflows.Server.Ui.Work;

namespace Workflows.Server.Instances;

/// <summary>
/// Before serving, gives every matter started before titles were stored its title, so the inbox's search finds old
/// matters too. Runs in batches, each in one transaction, and logs its progress; a restart continues where it stopped.
/// </summary>
public sealed class MatterTitleBackfill(
    IDbContextFactory<WorkflowsDbContext> contexts, IWorkflowDefinitionSource definitions, MatterTitles titles, ILogger<MatterTitleBackfill> logger)
{
    private const int BatchSize = 500;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var remaining = await db.Instances.CountAsync(i => i.Title == null, cancellationToken);
        if (remaining == 0)
        {
            return;
        }
        logger.LogInformation("Storing the titles of {Count} matters started before titles were stored", remaining);
        var loaded = new Dictionary<(string, int), WorkflowDefinition?>();
        var (done, after) = (0, "");
        while (true)
        {
            var rows = await db.Instances.AsNoTracking().Where(i => i.Title == null && string.Compare(i.Id, after) > 0).OrderBy(i => i.Id).Take(BatchSize)
                .Select(i => new { i.Id, i.DefinitionId, i.DefinitionVersion, i.State }).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                break;
            }
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var row in rows)
            {
                if (!loaded.TryGetValue((row.DefinitionId, row.DefinitionVersion), out var definition))
                {
                    definition = await definitions.FindAsync(row.DefinitionId, row.DefinitionVersion, cancellationToken);
                    loaded[(row.DefinitionId, row.DefinitionVersion)] = definition;
                }
                var title = InstanceRecord.StoredTitle(titles.Of(definition, MatterFacts.InputOf(row.State)));
                // Only the title: the instance's version, which the engine checks, is left as it is.
                await db.Instances.Where(i => i.Id == row.Id && i.Title == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.Title, title), cancellationToken);
                // Its tasks' rows were written with no matter title after the step's (TaskParticipantRecord.SearchTextOf): the search finds it too.
                await db.TaskParticipants.Where(p => db.Tasks.Any(t => t.Id == p.TaskId && t.InstanceId == row.Id))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(p => p.SearchText, p => p.SearchText + title)
                        .SetProperty(p => p.IndexedSearchText, p => (p.SearchText + title).Length <= TaskParticipantRecord.IndexedSearchTextLength ? p.SearchText + title : null),
                        cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            (done, after) = (done + rows.Count, rows[^1].Id);
            logger.LogInformation("Stored the titles of {Done} of {Count} matters", done, remaining);
        }
    }
}
