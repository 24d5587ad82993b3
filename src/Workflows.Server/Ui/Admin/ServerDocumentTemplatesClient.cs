using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Designer.Services;
using Workflows.Server.Auth;
using Workflows.Server.Documents;

namespace Workflows.Server.Ui.Admin;

/// <summary>The document template page, through the same store and composer as /api/document-templates and the GenerateDocument activity.</summary>
internal sealed class ServerDocumentTemplatesClient(AdminCircuit circuit, TimeProvider time) : IDocumentTemplatesClient
{
    public Task<IReadOnlyList<DocumentTemplateView>> ListAsync(CancellationToken cancellationToken) => circuit.RunAsync(async (sp, _) =>
        (IReadOnlyList<DocumentTemplateView>)[.. (await sp.GetRequiredService<DocumentTemplateStore>().ListAsync(cancellationToken)).Select(t =>
            new DocumentTemplateView(t.Key, t.Name, t.NumberPrefix, t.Title, t.Addressee, t.Body, t.Issuer, t.Publicity, t.Cc, t.PrintedBy,
                t.AnnexTitle, t.Annex, t.AnnexPublic))]);

    public Task<TemplatePreview> PreviewAsync(DocumentTemplateView view, string sampleData, CancellationToken cancellationToken) => circuit.RunAsync((_, _) =>
    {
        var template = ToTemplate(view);
        if (DocumentComposer.FindSyntaxErrors(template) is { Count: > 0 } errors)
        {
            return Task.FromResult(new TemplatePreview(null, null, ToProblems(errors)));
        }
        JsonNode? data;
        try
        {
            data = string.IsNullOrWhiteSpace(sampleData) ? null : JsonNode.Parse(sampleData);
        }
        catch (JsonException ex)
        {
            return Task.FromResult(new TemplatePreview(null, null,
                [new TemplateProblem("data", (int?)ex.LineNumber + 1, (int?)ex.BytePositionInLine + 1, ex.Message)]));
        }
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        var draft = DocumentComposer.Compose(template, data, null);
        var document = new ComposedDocument(draft, DocumentComposer.Number(template.NumberPrefix, today.Year, 1), DocumentComposer.ChineseDate(today), template.Publicity);
        return Task.FromResult(new TemplatePreview(draft.Title, HtmlWriter.Write(document), []));
    });

    public Task<TemplateSaved> SaveAsync(DocumentTemplateView view, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var errors = await sp.GetRequiredService<DocumentTemplateStore>().SaveAsync(ToTemplate(view), user.UserName(), cancellationToken);
        if (errors.Count == 0)
        {
            await sp.GetRequiredService<Audit.IAuditTrail>().RecordAsync(Audit.AuditActions.DocumentTemplateUpdate, view.Key, new { via = "ui" }, cancellationToken);
        }
        return new TemplateSaved(errors.Count == 0, ToProblems(errors));
    });

    private static DocumentTemplate ToTemplate(DocumentTemplateView v) =>
        new(v.Key, v.Name, v.NumberPrefix, v.Title, v.Addressee, v.Body, v.Issuer, v.Publicity, v.Cc, v.PrintedBy, v.AnnexTitle, v.Annex, v.AnnexPublic);

    private static IReadOnlyList<TemplateProblem> ToProblems(IReadOnlyList<TemplateSyntaxError> errors) =>
        [.. errors.Select(e => new TemplateProblem(e.Part, e.Line, e.Column, e.Message))];
}
