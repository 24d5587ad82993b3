using Workflows.Core.Definitions;

namespace Workflows.Designer.Services;

/// <summary>
/// The definitions API as the designer needs it. The server implementation calls the store directly; a WebAssembly
/// build would implement it over HTTP with the same shapes, so the components never change.
/// </summary>
public interface IDefinitionsClient
{
    Task<IReadOnlyList<DefinitionListItem>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The archived definitions only.</summary>
    Task<IReadOnlyList<DefinitionListItem>> ListArchivedAsync(CancellationToken cancellationToken);

    /// <summary>Archives (true) or restores (false) a definition: archived, it is hidden from lists and from starting.</summary>
    Task<DesignerFailure?> SetArchivedAsync(string definitionId, bool archived, CancellationToken cancellationToken);

    /// <summary>Deletes a definition that was never published; a published one is refused (archive it instead).</summary>
    Task<DesignerFailure?> DeleteAsync(string definitionId, CancellationToken cancellationToken);

    /// <param name="version">latest (null), published or a version number.</param>
    Task<WorkflowDefinition?> GetAsync(string definitionId, string? version, CancellationToken cancellationToken);

    Task<IReadOnlyList<DefinitionVersion>> VersionsAsync(string definitionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DesignerProblem>> ValidateAsync(WorkflowDefinition definition, CancellationToken cancellationToken);

    Task<DesignerResult<WorkflowDefinition>> CreateAsync(WorkflowDefinition definition, CancellationToken cancellationToken);

    /// <summary>Saves the draft; <see cref="WorkflowDefinition.Version"/> is the version edited, so a newer save is a conflict.</summary>
    Task<DesignerResult<WorkflowDefinition>> SaveDraftAsync(WorkflowDefinition definition, CancellationToken cancellationToken);

    /// <summary>Publishes the latest version; when it has errors nothing is published and the problems come back.</summary>
    Task<PublishOutcome> PublishAsync(string definitionId, CancellationToken cancellationToken);

    Task<DesignerResult<WorkflowDefinition>> RevertAsync(string definitionId, int version, CancellationToken cancellationToken);

    Task<string?> ExportAsync(string definitionId, CancellationToken cancellationToken);

    Task<DesignerResult<WorkflowDefinition>> ImportAsync(string json, string? asDefinitionId, CancellationToken cancellationToken);
}

public sealed record DefinitionListItem(
    string DefinitionId, string Name, string? Description, int LatestVersion, int? PublishedVersion, DateTimeOffset UpdatedAt,
    DateTimeOffset? ArchivedAt = null);

public sealed record DefinitionVersion(int Version, string Name, bool IsLatest, bool IsPublished, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, string? PublishedBy);

public sealed record DesignerProblem(string Code, string? ActivityId, string Message, bool IsError);

public enum FailureKind
{
    Invalid,
    NotFound,
    Conflict,
    Forbidden,
}

public sealed record DesignerFailure(FailureKind Kind, string Message);

/// <summary>A write's outcome: the stored value, or why it was refused (expected refusals are results, not exceptions).</summary>
public sealed record DesignerResult<T>(T? Value, DesignerFailure? Failure) where T : class
{
    public static DesignerResult<T> Ok(T value) => new(value, null);

    public static DesignerResult<T> Fail(FailureKind kind, string message) => new(null, new DesignerFailure(kind, message));
}

public sealed record PublishOutcome(WorkflowDefinition? Published, IReadOnlyList<DesignerProblem> Problems, DesignerFailure? Failure = null);
