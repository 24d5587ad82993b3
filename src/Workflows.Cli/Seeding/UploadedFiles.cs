using System.Security.Cryptography;
using System.Text;
using Workflows.Persistence.Attachments;

namespace Workflows.Cli.Seeding;

/// <summary>
/// The small files people upload for a matter (公函, 草案, 证明), as the attachments endpoint stores them: bytes in the row,
/// their SHA-256, the uploader, and the matter they were used in.
/// </summary>
public sealed class UploadedFiles
{
    private readonly List<Attachment> _pending = [];

    /// <summary>A new file's id; the row is written by <see cref="Take"/>'s caller before the step that uses it.</summary>
    public string Upload(string label, string uploader, string instanceId, DateTimeOffset at)
    {
        var content = Encoding.UTF8.GetBytes($"%PDF-1.4\n% {label}\n");
        var attachment = new Attachment
        {
            Id = Guid.NewGuid().ToString("N"),
            FileName = $"{label}.pdf",
            ContentType = "application/pdf",
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Content = content,
            UploadedBy = uploader,
            InstanceId = instanceId,
            CreatedAt = at,
        };
        _pending.Add(attachment);
        return attachment.Id;
    }

    /// <summary>The files uploaded since the last call.</summary>
    public IReadOnlyList<Attachment> Take()
    {
        var taken = _pending.ToList();
        _pending.Clear();
        return taken;
    }
}
