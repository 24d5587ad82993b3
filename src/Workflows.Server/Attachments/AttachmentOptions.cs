namespace Workflows.Server.Attachments;

public enum AttachmentStorageKind
{
    Database,
    Folder,
}

/// <summary>Section <c>Workflows:Attachments</c>.</summary>
public sealed class AttachmentOptions
{
    public const string SectionName = "Workflows:Attachments";
    public const long DefaultMaxSizeBytes = 20 * 1024 * 1024;

    public long MaxSizeBytes { get; set; } = DefaultMaxSizeBytes;

    /// <summary>Database (default) keeps the bytes in the attachments table; Folder writes them under <see cref="Path"/>.</summary>
    public AttachmentStorageKind Storage { get; set; } = AttachmentStorageKind.Database;

    public string Path { get; set; } = "./data/attachments";
}
