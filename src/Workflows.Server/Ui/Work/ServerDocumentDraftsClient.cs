using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Workflows.Designer.Resources;
using Workflows.Designer.Services;
using Workflows.Persistence;
using Workflows.Persistence.Documents;
using Workflows.Server.Auth;
using Workflows.Server.Documents;
using Workflows.Server.Instances;

namespace Workflows.Server.Ui.Work;

/// <summary>
/// 核稿 in the task page, by the same rules as PUT /api/workflow-instances/{id}/documents/{documentId}; its messages in
/// the page's language (the circuit's culture), the API's stay English.
/// </summary>
internal sealed class ServerDocumentDraftsClient(UserCircuit circuit, TimeProvider time, IStringLocalizer<Strings> strings) : IDocumentDraftsClient
{
    public Task<IReadOnlyList<DraftView>> DraftsAsync(string instanceId, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var db = sp.GetRequiredService<WorkflowsDbContext>();
        if (await sp.GetRequiredService<InstanceAccess>().FindAsync(user, instanceId, cancellationToken) is null)
        {
            return (IReadOnlyList<DraftView>)[];
        }
        var drafts = await db.Set<GeneratedDocumentRecord>().AsNoTracking()
            .Where(d => d.InstanceId == instanceId && d.State == DocumentStates.Draft).ToListAsync(cancellationToken);
        var editable = drafts.Count > 0 && await DocumentDraftEndpoints.MayEditAsync(db, user, instanceId, cancellationToken);
        return [.. drafts.OrderBy(d => d.CreatedAt).Select(d =>
        {
            var text = DocumentDrafts.Deserialize(d.Content);
            return new DraftView(d.Id, text.Title, text.Addressee,
                string.Join("\n", text.Body.Select(b => b.IsRow ? $"{b.Text}{DocumentComposer.RowSeparator}{b.Value}" : b.Text)),
                string.Join("\n", text.Cc), editable);
        })];
    });

    public Task<DraftSaved> SaveAsync(string instanceId, DraftView draft, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var db = sp.GetRequiredService<WorkflowsDbContext>();
        var document = await sp.GetRequiredService<InstanceAccess>().FindAsync(user, instanceId, cancellationToken) is null
            ? null
            : await db.Set<GeneratedDocumentRecord>().FirstOrDefaultAsync(d => d.Id == draft.DocumentId && d.InstanceId == instanceId, cancellationToken);
        if (document is null || document.State != DocumentStates.Draft || !await DocumentDraftEndpoints.MayEditAsync(db, user, instanceId, cancellationToken))
        {
            return new DraftSaved(false, document switch
            {
                { State: DocumentStates.Superseded } => strings["Draft_Superseded"],
                { State: not DocumentStates.Draft } => strings["Draft_Signed", document.Number],
                _ => strings["Draft_NotYours"],
            });
        }
        var kept = DocumentDrafts.Deserialize(document.Content);
        var text = kept with
        {
            Title = draft.Title,
            Addressee = draft.Addressee,
            Body = DocumentComposer.Blocks(draft.Body),
            Cc = [.. draft.Cc.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
        };
        if (DocumentDraftEndpoints.Validate(text) is { Count: > 0 } errors)
        {
            return new DraftSaved(false, string.Join("；", errors.Keys.Select(field => strings[$"Draft_Error_{field}"].Value)));
        }
        var clean = DocumentDraftEndpoints.Clean(text);
        (document.Content, document.Title, document.UpdatedAt, document.UpdatedBy) = (DocumentDrafts.Serialize(clean), clean.Title, time.GetUtcNow(), user.UserName());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new DraftSaved(false, strings["Draft_SignedMeanwhile"]);
        }
        return new DraftSaved(true, null);
    });
}
