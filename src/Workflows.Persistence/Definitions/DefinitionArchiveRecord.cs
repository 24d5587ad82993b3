namespace Workflows.Persistence.Definitions;

/// <summary>
/// An archived definition: hidden from the definitions list and from starting, while the matters already running on
/// its versions go on to the end. Restoring deletes the row.
/// </summary>
public sealed class DefinitionArchiveRecord
{
    public string DefinitionId { get; set; } = "";
    public DateTimeOffset ArchivedAt { get; set; }
    public string? ArchivedBy { get; set; }
}
