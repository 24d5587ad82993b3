using Workflows.Core.Runtime;

namespace Workflows.Persistence.Definitions;

/// <summary>
/// Codes of the <see cref="WorkflowCommandException"/>s the definition store throws, beside the engine's
/// <see cref="ErrorCodes.DefinitionNotFound"/> and <see cref="ErrorCodes.InvalidDefinition"/> (JSON that is not a
/// definition). Stable: clients key on them.
/// </summary>
public static class DefinitionErrorCodes
{
    /// <summary>Create or import as new, but the definitionId is taken.</summary>
    public const string DefinitionExists = "DefinitionExists";
    /// <summary>The definition exists, the asked-for version does not.</summary>
    public const string VersionNotFound = "VersionNotFound";
    /// <summary>The definitionId is blank or longer than the database keeps.</summary>
    public const string InvalidDefinitionId = "InvalidDefinitionId";
    /// <summary>An import would overwrite an unpublished draft; ask again with overwrite=true.</summary>
    public const string DraftExists = "DraftExists";
    /// <summary>Delete of a definition that has been published: its versions stay for the matters that ran on them; archive it instead.</summary>
    public const string DefinitionPublished = "DefinitionPublished";
    /// <summary>Start of an archived definition: restore it first.</summary>
    public const string DefinitionArchived = "DefinitionArchived";
}
