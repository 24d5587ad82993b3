using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Archive;
using Workflows.Persistence.Documents;
using Workflows.Server.Attachments;
using Workflows.Server.Documents;

namespace Workflows.Server.Archive;

/// <summary>
/// The archive package of a matter (.zip): <c>manifest.json</c> (the matter, and every file with its SHA-256),
/// <c>documents/</c> (each issued or voided document as .docx, HTML and PDF/A when a PDF font is configured), <c>attachments/</c> (the files uploaded to
/// it) and <c>journal.json</c> (every step, when, what, who).
/// </summary>
public sealed class ArchivePackage(WorkflowsDbContext db, IWorkflowInstanceStore instances, AttachmentStorage storage, ArchivalPdf pdf)
{
    public const string ContentType = "application/zip";
    public const string ManifestName = "manifest.json";
    public const string JournalName = "journal.json";

    private static readonly JsonSerializerOptions Json = new(InstanceJson.Options) { WriteIndented = true };

    public async Task<byte[]> BuildAsync(MatterArchiveRecord archive, CancellationToken cancellationToken)
    {
        var instance = await instances.FindAsync(archive.InstanceId, cancellationToken)
            ?? throw new InvalidOperationException($"archived matter '{archive.InstanceId}' is gone");
        var documents = await db.Set<GeneratedDocumentRecord>().AsNoTracking()
            .Where(d => d.InstanceId == archive.InstanceId && (d.State == DocumentStates.Issued || d.State == DocumentStates.Voided)).ToListAsync(cancellationToken);
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.InstanceId == archive.InstanceId).ToListAsync(cancellationToken);
        var renderings = documents.SelectMany(d => new[] { d.DocxAttachmentId, d.HtmlAttachmentId }).OfType<string>().ToHashSet();
        var journal = await instances.GetJournalAsync(archive.InstanceId, cancellationToken);

        var files = new List<ManifestFile>();
        using var zip = new MemoryStream();
        using (var package = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            async Task AddAsync(string path, byte[] content, string kind, string? documentNumber = null)
            {
                var entry = package.CreateEntry(path, CompressionLevel.Optimal);
                await using (var stream = entry.Open())
                {
                    await stream.WriteAsync(content, cancellationToken);
                }
                files.Add(new ManifestFile(path, kind, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), documentNumber));
            }
            foreach (var attachment in attachments.OrderBy(a => a.CreatedAt))
            {
                await using var source = storage.Open(attachment);
                using var copy = new MemoryStream();
                await source.CopyToAsync(copy, cancellationToken);
                var document = documents.FirstOrDefault(d => d.DocxAttachmentId == attachment.Id || d.HtmlAttachmentId == attachment.Id);
                var folder = renderings.Contains(attachment.Id) ? "documents" : "attachments";
                var name = document is null ? $"{attachment.Id}-{attachment.FileName}" : $"{Safe(document.Number)}-{attachment.FileName}";
                await AddAsync($"{folder}/{name}", copy.ToArray(), folder == "documents" ? "document" : "attachment", document?.Number);
            }
            foreach (var document in documents.OrderBy(d => d.Sequence))
            {
                if (pdf.Render(document) is { } rendering)
                {
                    await AddAsync($"documents/{Safe(document.Number)}-{Safe(document.FileName)}.pdf", rendering, "document", document.Number);
                }
            }
            await AddAsync(JournalName, JsonSerializer.SerializeToUtf8Bytes(journal, Json), "journal");
            var manifest = new Manifest(instance.Id, instance.DefinitionId, instance.DefinitionVersion, instance.Status.ToString(), instance.Result?.ToString(),
                instance.StartedBy, instance.CreatedAt, instance.FinishedAt, archive.ArchivedAt, archive.ArchivedBy,
                [.. documents.OrderBy(d => d.Sequence).Select(d => new ManifestDocument(d.Number, d.Title, d.State, d.Publicity, d.SignedBy, d.SignedAt))],
                files);
            var manifestEntry = package.CreateEntry(ManifestName, CompressionLevel.Optimal);
            await using var manifestStream = manifestEntry.Open();
            await JsonSerializer.SerializeAsync(manifestStream, manifest, Json, cancellationToken);
        }
        return zip.ToArray();
    }

    private static string Safe(string name) => string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));

    private sealed record Manifest(
        string InstanceId, string DefinitionId, int DefinitionVersion, string Status, string? Result, string? StartedBy,
        DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, DateTimeOffset ArchivedAt, string ArchivedBy,
        IReadOnlyList<ManifestDocument> Documents, IReadOnlyList<ManifestFile> Files);

    private sealed record ManifestDocument(string Number, string Title, string State, string Publicity, string? SignedBy, DateTimeOffset? SignedAt);

    private sealed record ManifestFile(string Path, string Kind, long Size, string Sha256, string? DocumentNumber);
}
