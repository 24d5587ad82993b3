using Microsoft.Extensions.Options;
using Workflows.Persistence.Attachments;

namespace Workflows.Server.Attachments;

/// <summary>Keeps an attachment's bytes in its row or in a file named by its id, as configured.</summary>
public sealed class AttachmentStorage(IOptions<AttachmentOptions> options)
{
    public async Task StoreAsync(Attachment attachment, byte[] content, CancellationToken cancellationToken)
    {
        if (options.Value.Storage == AttachmentStorageKind.Database)
        {
            attachment.Content = content;
            return;
        }
        var folder = Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(folder);
        attachment.StoragePath = Path.Combine(folder, attachment.Id);
        await File.WriteAllBytesAsync(attachment.StoragePath, content, cancellationToken);
    }

    public Stream Open(Attachment attachment) => attachment.Content is { } bytes
        ? new MemoryStream(bytes, writable: false)
        : File.OpenRead(attachment.StoragePath ?? throw new InvalidOperationException($"attachment {attachment.Id} has neither content nor a file"));
}

public static class AttachmentSetup
{
    public static void AddAttachmentStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AttachmentOptions>().Bind(builder.Configuration.GetSection(AttachmentOptions.SectionName))
            .Validate(o => o.MaxSizeBytes > 0, "Workflows:Attachments:MaxSizeBytes must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<AttachmentStorage>();
    }
}
