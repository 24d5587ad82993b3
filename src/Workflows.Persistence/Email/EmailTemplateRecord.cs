namespace Workflows.Persistence.Email;

/// <summary>An administrator's version of an e-mail template (Liquid); a key with no row uses the shipped default.</summary>
public sealed class EmailTemplateRecord
{
    public string Key { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
