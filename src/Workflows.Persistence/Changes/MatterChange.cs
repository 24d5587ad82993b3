namespace Workflows.Persistence.Changes;

/// <summary>
/// A step of a matter saved on one node, as the others hear of it: the matter, and whose work it changed
/// (<see cref="Tasks.WorkReach"/> keys; null when that is not known, so every page watching work reloads).
/// </summary>
public sealed record MatterChange(string InstanceId, IReadOnlySet<string>? Reached)
{
    /// <summary>The keys one to a line (participant kinds, user names, roles and department codes hold no line break).</summary>
    public string? ReachedText => Reached is null ? null : string.Join('\n', Reached.Order(StringComparer.Ordinal));

    public static IReadOnlySet<string>? ReachedFrom(string? text) =>
        text is null ? null : text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    /// <summary>Changes of one matter in a batch, as one: whose work any of them changed, unknown if any did not say.</summary>
    public static IReadOnlyCollection<MatterChange> Merge(IEnumerable<MatterChange> changes) =>
        [.. changes.GroupBy(c => c.InstanceId).Select(g => new MatterChange(g.Key,
            g.Any(c => c.Reached is null) ? null : g.SelectMany(c => c.Reached!).ToHashSet()))];
}
