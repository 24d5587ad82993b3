using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Triggers;
using Workflows.Persistence;
using Workflows.Persistence.Definitions;

namespace Workflows.Scheduling.StartTriggers;

/// <summary>
/// Keeps one Hangfire recurring job per published definition that starts on a Timer or Cron, in the office's time
/// zone: added or changed when a version is published, removed when the definition is unpublished or a version
/// without a schedule is published. At start every job is checked against the published versions.
/// </summary>
public sealed class StartTriggerSchedule(
    IDbContextFactory<WorkflowsDbContext> contexts,
    IRecurringJobManager recurring,
    JobStorage storage,
    WorkflowEngineOptions engine,
    TimeProvider time,
    ILogger<StartTriggerSchedule> logger) : IPublicationListener
{
    public const string JobPrefix = "workflow-start:";

    public static string JobId(string definitionId) => JobPrefix + definitionId;

    public Task PublicationChangedAsync(string definitionId, CancellationToken cancellationToken) => SyncAsync(definitionId, cancellationToken);

    /// <summary>Makes the recurring job match the published version; true when the definition starts on a schedule.</summary>
    public async Task<bool> SyncAsync(string definitionId, CancellationToken cancellationToken)
    {
        var definition = (await PublishedAsync(definitionId, cancellationToken)).FirstOrDefault();
        return Apply(definitionId, definition);
    }

    /// <summary>Every published definition's job, and no job for anything else.</summary>
    public async Task SyncAllAsync(CancellationToken cancellationToken)
    {
        var published = await PublishedAsync(null, cancellationToken);
        var scheduled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in published)
        {
            if (Apply(definition.DefinitionId, definition))
            {
                scheduled.Add(JobId(definition.DefinitionId));
            }
        }
        using var connection = storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs().Where(j => j.Id.StartsWith(JobPrefix, StringComparison.Ordinal) && !scheduled.Contains(j.Id)))
        {
            recurring.RemoveIfExists(job.Id);
        }
    }

    /// <summary>The published definitions that start on a trigger, with when each next starts (by <see cref="TimeProvider"/>, in the office's zone).</summary>
    public async Task<IReadOnlyList<StartTriggerInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var zone = engine.ResolveTimeZone();
        var now = time.GetUtcNow();
        using var connection = storage.GetConnection();
        var jobs = connection.GetRecurringJobs().Where(j => j.Id.StartsWith(JobPrefix, StringComparison.Ordinal)).ToDictionary(j => j.Id, StringComparer.Ordinal);
        List<StartTriggerInfo> triggers = [];
        foreach (var definition in await PublishedAsync(null, cancellationToken))
        {
            var start = definition.Root.Activities.FirstOrDefault(a => StartTypes.IsStart(a.Type));
            if (start is null || start.Type == StartTypes.Start)
            {
                continue;
            }
            var schedule = Schedule(definition);
            var job = jobs.GetValueOrDefault(JobId(definition.DefinitionId));
            triggers.Add(new StartTriggerInfo(definition.DefinitionId, definition.Name, definition.Version ?? 1, start.Type,
                schedule?.Cron, zone.Id, schedule?.NextAfter(now, zone), job is not null, job?.LastExecution is { } last ? new DateTimeOffset(last, TimeSpan.Zero) : null,
                start.Type == StartTypes.HttpEndpoint ? Core.Activities.HttpEndpoint.PathOf(start) : null));
        }
        return triggers;
    }

    private bool Apply(string definitionId, WorkflowDefinition? definition)
    {
        var schedule = definition is null ? null : Schedule(definition);
        if (schedule is null)
        {
            recurring.RemoveIfExists(JobId(definitionId));
            return false;
        }
        recurring.AddOrUpdate<ScheduledStartJob>(JobId(definitionId), j => j.StartAsync(definitionId, null, CancellationToken.None), schedule.Cron,
            new RecurringJobOptions { TimeZone = engine.ResolveTimeZone() });
        return true;
    }

    private StartSchedule? Schedule(WorkflowDefinition definition)
    {
        try
        {
            return StartSchedule.Of(definition);
        }
        catch (FormatException ex)
        {
            // Publishing validates the schedule; a version published before that check cannot be run on one.
            logger.LogWarning("Definition {DefinitionId} is not scheduled: {Problem}", definition.DefinitionId, ex.Message);
            return null;
        }
    }

    private async Task<List<WorkflowDefinition>> PublishedAsync(string? definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.DefinitionVersions.AsNoTracking().Where(d => d.IsPublished);
        if (definitionId is not null)
        {
            rows = rows.Where(d => d.DefinitionId == definitionId);
        }
        var published = await rows.OrderBy(d => d.DefinitionId).Select(d => new { d.Json, d.Version }).ToListAsync(cancellationToken);
        return [.. published.Select(r =>
        {
            var definition = WorkflowDefinitionSerializer.Deserialize(r.Json);
            definition.Version = r.Version;
            return definition;
        })];
    }

}

/// <summary>A published definition's start trigger as administrators see it: what starts it, when next, and whether its job is registered.</summary>
public sealed record StartTriggerInfo(
    string DefinitionId, string Name, int Version, string Kind, string? Cron, string TimeZone, DateTimeOffset? NextStart,
    bool Registered, DateTimeOffset? LastStart, string? Path);
