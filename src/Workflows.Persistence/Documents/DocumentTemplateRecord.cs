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
    /// <summary>The line under the date, e.g. （此件公开发布）.</summary>
    public string Note { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
