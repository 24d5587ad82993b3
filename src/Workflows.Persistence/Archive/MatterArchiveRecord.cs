namespace Workflows.Persistence.Archive;

/// <summary>归档: a finished matter filed away. It leaves the default lists; its package is built from what the matter kept.</summary>
public sealed class MatterArchiveRecord
{
    public string InstanceId { get; set; } = "";
    public DateTimeOffset ArchivedAt { get; set; }
    public string ArchivedBy { get; set; } = "";
}
