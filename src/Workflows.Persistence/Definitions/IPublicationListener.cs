namespace Workflows.Persistence.Definitions;

/// <summary>
/// Told after a definition's published version changed (published, a newer version published, unpublished), so
/// what hangs on the published version, such as a scheduled start, follows it.
/// </summary>
public interface IPublicationListener
{
    Task PublicationChangedAsync(string definitionId, CancellationToken cancellationToken);
}
