namespace Workflows.Persistence.Attachments;

/// <summary>
/// An uploaded file (a start input, a task's attachment, a generated document). Small files keep their bytes in
/// <see cref="Content"/>; large ones live on disk at <see cref="StoragePath"/>. Exactly one of the two is set.
/// </summary>
public sealed class Attachment
{
    public string Id { get; set; } = "";
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    /// <summary>Lower-case hex SHA-256 of the content, so a download can be verified and duplicates spotted.</summary>
    public string Sha256 { get; set; } = "";
    public byte[]? Content { get; set; }
    public string? StoragePath { get; set; }
    public string? UploadedBy { get; set; }
    /// <summary>
    /// The instance the file belongs to, once a start input or a task used it or the instance generated it; null
    /// while it is only uploaded. No foreign key: a file may be linked in a later transaction than its instance's.
    /// </summary>
    public string? InstanceId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
