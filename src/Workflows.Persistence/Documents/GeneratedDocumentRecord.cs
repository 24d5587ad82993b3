namespace Workflows.Persistence.Documents;

/// <summary>
/// A document the instance issued: its number and the two renderings (.docx and printable HTML), kept as
/// attachments of the instance. The id is the outbox row's, so one request never yields two documents.
/// </summary>
public sealed class GeneratedDocumentRecord
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string TemplateKey { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>The full number as printed, e.g. 城政办函〔2023〕19号.</summary>
    public string Number { get; set; } = "";
    public string NumberPrefix { get; set; } = "";
    public int Year { get; set; }
    /// <summary>N in the number: one sequence per prefix and year.</summary>
    public int Sequence { get; set; }
    public string DocxAttachmentId { get; set; } = "";
    public string HtmlAttachmentId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
