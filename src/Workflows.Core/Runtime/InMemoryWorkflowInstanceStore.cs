using System.Text.Json;

namespace Workflows.Core.Runtime;

/// <summary>
/// Keeps instances as serialised snapshots, so nothing a caller holds can change stored state behind the store's
/// back, exactly as with a database.
/// </summary>
public sealed class InMemoryWorkflowInstanceStore : IWorkflowInstanceStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (byte[] State, long Version)> _instances = [];
    private readonly Dictionary<string, List<JournalEntry>> _journal = [];
    private readonly Dictionary<string, List<SideEffect>> _sideEffects = [];

    public Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var stored)
                ? JsonSerializer.Deserialize<WorkflowInstance>(stored.State, InstanceJson.Options)
                : null);
        }
    }

    public Task CommitAsync(WorkflowBurst burst, CancellationToken cancellationToken)
    {
        var instance = burst.Instance;
        lock (_lock)
        {
            var stored = _instances.TryGetValue(instance.Id, out var current) ? current.Version : (long?)null;
            if (stored != burst.ExpectedVersion)
            {
                throw new WorkflowConcurrencyException(
                    $"instance {instance.Id} was changed by someone else (expected version {burst.ExpectedVersion?.ToString() ?? "none"}, found {stored?.ToString() ?? "none"})");
            }
            instance.Version = (stored ?? 0) + 1;
            _instances[instance.Id] = (JsonSerializer.SerializeToUtf8Bytes(instance, InstanceJson.Options), instance.Version);
            Append(_journal, instance.Id, burst.Journal);
            Append(_sideEffects, instance.Id, burst.SideEffects);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken) =>
        Task.FromResult(Read(_journal, instanceId));

    public Task<IReadOnlyList<SideEffect>> GetSideEffectsAsync(string instanceId, CancellationToken cancellationToken) =>
        Task.FromResult(Read(_sideEffects, instanceId));

    private static void Append<T>(Dictionary<string, List<T>> rows, string instanceId, IReadOnlyList<T> added)
    {
        if (!rows.TryGetValue(instanceId, out var list))
        {
            rows[instanceId] = list = [];
        }
        list.AddRange(added);
    }

    private IReadOnlyList<T> Read<T>(Dictionary<string, List<T>> rows, string instanceId)
    {
        lock (_lock)
        {
            return rows.TryGetValue(instanceId, out var list) ? [.. list] : [];
        }
    }
}
