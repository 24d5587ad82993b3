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
using Workflows.Server.Documents.Register;

namespace Workflows.Server.Documents;

/// <summary>
/// Handles one pending document request (an outbox row of kind Document), in one transaction with the row marked
/// sent: a GenerateDocument request becomes a draft (<c>draft</c>) or an issued document at once; a SignOffDocument
/// request (签发) issues the step's draft. Issuing takes the number from the register, renders the .docx and HTML as
/// attachments of the instance and freezes the text. A request handled twice (a crash after the commit, two
/// servers) still yields one document: a GenerateDocument's record has the row's id, and a draft is issued once.
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
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var payload = JsonNode.Parse(row.Payload)?.AsObject() ?? [];
                if (payload[SignOffDocument.Document.Name] is not null)
                {
                    await SignOffAsync(db, row, payload, cancellationToken);
                }
                else if (!await db.Set<GeneratedDocumentRecord>().AnyAsync(d => d.Id == row.Id, cancellationToken))
                {
                    await GenerateAsync(db, row, payload, cancellationToken);
                }
                row.State = OutboxState.Sent;
                row.Attempts++;
                row.NextAttemptAt = null;
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < NumberingAttempts)
            {
                // Another server created the series, or handled the same request, first: look again.
            }
            catch (Exception ex) when (ex is InvalidOperationException or DbUpdateException or System.Text.Json.JsonException)
            {
                await RecordFailureAsync(outboxId, ex.Message, maxAttempts, cancellationToken);
                return;
            }
        }
    }

    private async Task GenerateAsync(WorkflowsDbContext db, OutboxMessage row, JsonObject payload, CancellationToken cancellationToken)
    {
        var key = payload[GenerateDocument.Template.Name]?.GetValue<string>() ?? throw new InvalidOperationException("the document request names no template");
        var title = payload[GenerateDocument.Title.Name]?.GetValue<string>();
        var template = await new DocumentTemplateStore(db, time).FindAsync(key, cancellationToken)
            ?? throw new InvalidOperationException($"there is no document template '{key}'");
        var draft = DocumentComposer.Compose(template, payload[GenerateDocument.Data.Name], title);
        var document = new GeneratedDocumentRecord
        {
            Id = row.Id,
            InstanceId = row.InstanceId,
            ActivityId = row.ActivityId,
            TemplateKey = key,
            Title = draft.Title,
            State = DocumentStates.Draft,
            Content = DocumentDrafts.Serialize(draft),
            Publicity = template.Publicity,
            FileName = payload[GenerateDocument.FileName.Name]?.GetValue<string>() ?? title ?? key,
            CreatedAt = time.GetUtcNow(),
        };
        await SupersedeOlderDraftsAsync(db, document, cancellationToken);
        db.Set<GeneratedDocumentRecord>().Add(document);
        if (payload[GenerateDocument.Draft.Name]?.GetValue<bool>() != true)
        {
            await IssueDraftAsync(db, document, template.NumberPrefix, template.Publicity, signer: null, cancellationToken);
        }
    }

    /// <summary>
    /// A matter sent round again (销案 returned, a refusal instead of the approval drafted earlier) drafts the reply
    /// anew: the drafts it had of the same template are superseded, so only the new one is listed and can be signed off.
    /// </summary>
    private async Task SupersedeOlderDraftsAsync(WorkflowsDbContext db, GeneratedDocumentRecord document, CancellationToken cancellationToken)
    {
        var older = await db.Set<GeneratedDocumentRecord>()
            .Where(d => d.InstanceId == document.InstanceId && d.TemplateKey == document.TemplateKey && d.State == DocumentStates.Draft)
            .ToListAsync(cancellationToken);
        foreach (var draft in older)
        {
            (draft.State, draft.UpdatedAt) = (DocumentStates.Superseded, document.CreatedAt);
        }
    }

    private async Task SignOffAsync(WorkflowsDbContext db, OutboxMessage row, JsonObject payload, CancellationToken cancellationToken)
    {
        var step = payload[SignOffDocument.Document.Name]!.GetValue<string>();
        var drafts = await db.Set<GeneratedDocumentRecord>()
            .Where(d => d.InstanceId == row.InstanceId && d.ActivityId == step).ToListAsync(cancellationToken);
        // The newest draft of the step: a matter sent back and drafted again has an older, abandoned one.
        var document = drafts.OrderByDescending(d => d.CreatedAt).FirstOrDefault()
            ?? throw new InvalidOperationException($"step '{step}' has made no document in this instance yet");
        if (document.State != DocumentStates.Draft)
        {
            return;
        }
        var template = await new DocumentTemplateStore(db, time).FindAsync(document.TemplateKey, cancellationToken)
            ?? throw new InvalidOperationException($"there is no document template '{document.TemplateKey}'");
        var chosen = payload[SignOffDocument.Publicity.Name]?.GetValue<string>();
        var publicity = string.IsNullOrWhiteSpace(chosen) ? document.Publicity : DocumentPublicity.Parse(chosen)
            ?? throw new InvalidOperationException($"publicity '{chosen}' is not one of {string.Join(", ", DocumentPublicity.All)} (or 主动公开, 依申请公开, 不予公开)");
        await IssueDraftAsync(db, document, template.NumberPrefix, publicity, payload[SignOffDocument.Signer.Name]?.GetValue<string>(), cancellationToken);
    }

    /// <summary>Numbers, dates, renders and freezes a draft; the register's lock is held until the caller commits.</summary>
    private async Task IssueDraftAsync(WorkflowsDbContext db, GeneratedDocumentRecord document, string prefix, string publicity, string? signer,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var date = calendar.LocalDate(now);
        var sequence = await DocumentRegister.TakeAsync(db, prefix, date.Year, now, cancellationToken);
        if (db.Entry(document).State != EntityState.Added)
        {
            // Another server may have issued it while this one waited for the register.
            await db.Entry(document).ReloadAsync(cancellationToken);
            if (document.State != DocumentStates.Draft)
            {
                throw new DbUpdateConcurrencyException($"document '{document.Id}' was issued meanwhile");
            }
        }
        var number = DocumentComposer.Number(prefix, date.Year, sequence);
        var composed = new ComposedDocument(DocumentDrafts.Deserialize(document.Content), number, DocumentComposer.ChineseDate(date), publicity);
        var name = SafeName(document.FileName);
        document.DocxAttachmentId = await AttachAsync(db, document, $"{document.Id}-docx", $"{name}.docx", DocxContentType, DocxWriter.Write(composed), now, cancellationToken);
        document.HtmlAttachmentId = await AttachAsync(db, document, $"{document.Id}-html", $"{name}.html", HtmlContentType,
            Encoding.UTF8.GetBytes(HtmlWriter.Write(composed)), now, cancellationToken);
        (document.State, document.Number, document.NumberPrefix, document.Year, document.Sequence) = (DocumentStates.Issued, number, prefix, date.Year, sequence);
        (document.Publicity, document.SignedBy, document.SignedAt) = (publicity, signer, now);
    }

    private async Task<string> AttachAsync(WorkflowsDbContext db, GeneratedDocumentRecord document, string id, string fileName, string contentType, byte[] content,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attachment = new Attachment
        {
            Id = id,
            FileName = fileName,
            ContentType = contentType,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            InstanceId = document.InstanceId,
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
