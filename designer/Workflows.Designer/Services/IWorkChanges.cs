namespace Workflows.Designer.Services;

/// <summary>Tells a page when work it shows may have changed, so it refreshes at once instead of on its next look.</summary>
public interface IWorkChanges
{
    /// <summary>
    /// Calls <paramref name="changed"/> (quickly, on any thread) after a step of <paramref name="instanceId"/> — or of
    /// any matter when null — is saved; dispose the result to stop.
    /// </summary>
    IDisposable Watch(string? instanceId, Action changed);

    /// <summary>
    /// Calls <paramref name="changed"/> after a step is saved that changes work reaching someone through one of
    /// <paramref name="reach"/> (as <see cref="IWorkClient.ReachAsync"/> names them), and after any change announced
    /// without saying whose work it changed (from another node whose keys were too long to carry, or of an earlier
    /// version); dispose the result to stop.
    /// </summary>
    IDisposable WatchReach(IReadOnlyCollection<string> reach, Action changed);
}
