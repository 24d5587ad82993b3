using Workflows.Core.Definitions;
using Workflows.Core.Validation;

namespace Workflows.Persistence.Definitions;

/// <summary>A definition in the list: its latest version and the published one, if any; when it was archived, if it was.</summary>
public sealed record DefinitionSummary(
    string DefinitionId, string Name, string? Description, int LatestVersion, int? PublishedVersion, DateTimeOffset UpdatedAt,
    DateTimeOffset? ArchivedAt = null);

/// <summary>Which definitions a list holds: archived ones are left out unless asked for.</summary>
public enum ArchivedFilter
{
    Exclude,
    Include,
    Only,
}

/// <summary>One row of a definition's version history.</summary>
public sealed record DefinitionVersionInfo(
    int Version, string Name, bool IsLatest, bool IsPublished,
    DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, string? PublishedBy);

/// <summary>
/// What publishing did: <see cref="Definition"/> is the published version, or null when validation found errors,
/// in which case nothing was published. <see cref="Problems"/> holds every problem found, warnings included.
/// </summary>
public sealed record PublishResult(WorkflowDefinition? Definition, IReadOnlyList<ValidationProblem> Problems)
{
    public bool Succeeded => Definition is not null;
}

/// <summary>How an import treats a file with problems and an existing draft.</summary>
/// <param name="AsDraft">Keep a file that does not validate as a draft to finish in the designer.</param>
/// <param name="Overwrite">Replace an unpublished draft of the same definition.</param>
public sealed record ImportOptions(bool AsDraft = false, bool Overwrite = false);

/// <summary>
/// What an import did: the saved draft, or null when nothing was saved because of <see cref="Problems"/>;
/// <see cref="Refused"/> when the file cannot be imported at all (an Elsa activity or expression we do not support).
/// </summary>
public sealed record ImportResult(WorkflowDefinition? Definition, IReadOnlyList<ValidationProblem> Problems, bool Refused);

/// <summary>What <see cref="EfWorkflowDefinitionStore.ImportDirectoryAsync"/> did with each file.</summary>
public sealed record DirectoryImportReport(
    IReadOnlyList<ImportedDefinition> Imported, IReadOnlyList<string> SkippedExisting, IReadOnlyList<ImportFailure> Failed);

/// <summary>A file imported as a new definition: published when valid, otherwise a draft with its problems.</summary>
public sealed record ImportedDefinition(string DefinitionId, string File, bool Published, IReadOnlyList<ValidationProblem> Problems);

/// <summary>A file that could not be read as a definition.</summary>
public sealed record ImportFailure(string File, string Message);
