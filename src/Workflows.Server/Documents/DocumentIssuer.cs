using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Activities;
using Workflows.Core.Calendar;
using Workflows.Persistence;
using Workflows.Persistence.Attachments;
using Workflows.Persistence.Documents;
using Workflows.Persistence.Instances;
using Workflows.Server.Attachments;

namespace Workflows.Server.Documents;

/// <summary>
/// Turns one pending document request (an outbox row of kind Document) into the numbered document: .docx and HTML
/// stored as attachments of the instance, the <see cref="GeneratedDocumentRecord"/>, and the row marked sent, all in
/// one transaction. The record's id is the row's, so a request handled twice (a crash after the commit, two servers)
/// still yields one document.
/// </summary>
public sealed class DocumentIssuer(
    IDbContextFactory<WorkflowsDbContext> databases, AttachmentStorage storage, DeadlineCalculator calendar, TimeProvider time)
{
    public const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string HtmlContentType = "text/html; charset=utf-8";

    private const int NumberingAttempts = 5;

    public async Task IssueAsync(string outboxId, int maxAttempts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var row = await db.Outbox.FirstOrDefaultAsync(o => o.Id == outboxId, cancellationToken);
            if (row is null || row.State != OutboxState.Pending)
            {
                return;
            }
            if (await db.Set<GeneratedDocumentRecord>().AnyAsync(d => d.Id == row.Id, cancellationToken))
            {
                row.State = OutboxState.Sent;
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            try
            {
                await ComposeAsync(db, row, cancellationToken);
                row.State = OutboxState.Sent;
                row.Attempts++;
                row.NextAttemptAt = null;
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < NumberingAttempts)
            {
                // Another dispatcher took the number (or the whole request) first: look again.
            }
            catch (Exception ex) when (ex is InvalidOperationException or DbUpdateException or System.Text.Json.JsonException)
            {
                await RecordFailureAsync(outboxId, ex.Message, maxAttempts, cancellationToken);
                return;
            }
        }
    }

    private async Task ComposeAsync(WorkflowsDbContext db, OutboxMessage row, CancellationToken cancellationToken)
    {
        var payload = JsonNode.Parse(row.Payload)?.AsObject() ?? [];
        var key = payload[GenerateDocument.Template.Name]?.GetValue<string>() ?? throw new InvalidOperationException("the document request names no template");
        var title = payload[GenerateDocument.Title.Name]?.GetValue<string>();
        var fileName = payload[GenerateDocument.FileName.Name]?.GetValue<string>() ?? title ?? key;
        var template = await new DocumentTemplateStore(db, time).FindAsync(key, cancellationToken)
            ?? throw new InvalidOperationException($"there is no document template '{key}'");

        var now = time.GetUtcNow();
        var date = calendar.LocalDate(now);
        var documents = db.Set<GeneratedDocumentRecord>();
        var sequence = 1 + (await documents.Where(d => d.NumberPrefix == template.NumberPrefix && d.Year == date.Year)
            .MaxAsync(d => (int?)d.Sequence, cancellationToken) ?? 0);
        var number = DocumentComposer.Number(template.NumberPrefix, date.Year, sequence);
        var composed = DocumentComposer.Compose(template, payload[GenerateDocument.Data.Name], number, date, title);

        var docx = await AttachAsync(db, row, $"{row.Id}-docx", $"{SafeName(fileName)}.docx", DocxContentType, DocxWriter.Write(composed), now, cancellationToken);
        var html = await AttachAsync(db, row, $"{row.Id}-html", $"{SafeName(fileName)}.html", HtmlContentType, Encoding.UTF8.GetBytes(HtmlWriter.Write(composed)), now, cancellationToken);
        documents.Add(new GeneratedDocumentRecord
        {
            Id = row.Id,
            InstanceId = row.InstanceId,
            ActivityId = row.ActivityId,
            TemplateKey = key,
            Title = composed.Title,
            Number = number,
            NumberPrefix = template.NumberPrefix,
            Year = date.Year,
            Sequence = sequence,
            DocxAttachmentId = docx,
            HtmlAttachmentId = html,
            CreatedAt = now,
        });
    }

    private async Task<string> AttachAsync(WorkflowsDbContext db, OutboxMessage row, string id, string fileName, string contentType, byte[] content,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attachment = new Attachment
        {
            Id = id,
            FileName = fileName,
            ContentType = contentType,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            InstanceId = row.InstanceId,
            CreatedAt = now,
        };
        await storage.StoreAsync(attachment, content, cancellationToken);
        db.Attachments.Add(attachment);
        return id;
    }

    private async Task RecordFailureAsync(string outboxId, string error, int maxAttempts, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.Outbox.FirstAsync(o => o.Id == outboxId, cancellationToken);
        row.Attempts++;
        row.LastError = error;
        var now = time.GetUtcNow();
        (row.State, row.NextAttemptAt) = row.Attempts >= maxAttempts
            ? (OutboxState.Failed, (DateTimeOffset?)null)
            : (OutboxState.Pending, now + TimeSpan.FromSeconds(Math.Pow(4, row.Attempts)));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string SafeName(string name) =>
        string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
}
