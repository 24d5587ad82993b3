namespace Workflows.Persistence.Documents;

/// <summary>
/// An administrator's version of a document template; a key with no row uses the shipped default. Every text part
/// is Liquid over <c>data</c> (what the GenerateDocument activity passed) and <c>document</c> (number, date, title).
/// </summary>
public sealed class DocumentTemplateRecord
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The issuing office's code in the document number, e.g. 城政办函 in 城政办函〔2023〕19号.</summary>
    public string NumberPrefix { get; set; } = "";
    public string Title { get; set; } = "";
    public string Addressee { get; set; } = "";
    /// <summary>Paragraphs separated by line breaks; a line with ｜ becomes a table row (label｜value).</summary>
    public string Body { get; set; } = "";
    public string Issuer { get; set; } = "";
    /// <summary>The 公开属性 a document gets unless the signer chooses otherwise (<see cref="DocumentPublicity"/>).</summary>
    public string Publicity { get; set; } = DocumentPublicity.Public;
    /// <summary>版记 抄送 organs, one a line.</summary>
    public string Cc { get; set; } = "";
    /// <summary>版记 印发机关.</summary>
    public string PrintedBy { get; set; } = "";
    /// <summary>An annex (附件) printed after the document, e.g. the vehicle list; empty for none.</summary>
    public string AnnexTitle { get; set; } = "";
    public string Annex { get; set; } = "";
    public bool AnnexPublic { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
