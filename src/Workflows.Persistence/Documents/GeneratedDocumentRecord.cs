namespace Workflows.Persistence.Documents;

/// <summary>
/// A document of an instance. A draft (<see cref="DocumentStates.Draft"/>) holds its editable text and no number;
/// at 签发 it takes its number from the register, is rendered (.docx and printable HTML, kept as attachments of the
/// instance) and its text is frozen. A voided document (作废) keeps its number. A draft replaced by a newer one of
/// the same template (the matter went round again) is superseded, never numbered. The id is the outbox row's that asked
/// for it, so one request never yields two documents.
/// </summary>
public sealed class GeneratedDocumentRecord
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string TemplateKey { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>The renderings' file name without extension.</summary>
    public string FileName { get; set; } = "";
    public string State { get; set; } = DocumentStates.Issued;
    /// <summary>The editable text (title, addressee, paragraphs, 抄送, annexes) as JSON; frozen once issued.</summary>
    public string Content { get; set; } = "{}";
    /// <summary>The full number as printed, e.g. 城政办函〔2023〕19号; empty on a draft.</summary>
    public string Number { get; set; } = "";
    public string NumberPrefix { get; set; } = "";
    public int? Year { get; set; }
    /// <summary>N in the number: one sequence per prefix and year; null on a draft.</summary>
    public int? Sequence { get; set; }
    /// <summary>公开属性: <see cref="DocumentPublicity"/>.</summary>
    public string Publicity { get; set; } = DocumentPublicity.Public;
    public string? SignedBy { get; set; }
    public DateTimeOffset? SignedAt { get; set; }
    public string? DocxAttachmentId { get; set; }
    public string? HtmlAttachmentId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }
    public string? VoidedBy { get; set; }
    public string? VoidReason { get; set; }
}

public static class DocumentStates
{
    public const string Draft = "Draft";
    public const string Issued = "Issued";
    public const string Voided = "Voided";
    /// <summary>A draft a newer draft (or document) of the same template in the same matter replaced: never numbered, kept for the record.</summary>
    public const string Superseded = "Superseded";

    /// <summary>Issued or voided: the document took a number from the register.</summary>
    public static bool IsNumbered(string state) => state is Issued or Voided;
}

/// <summary>公开属性 of a document, as GB/T 9704-2012's 附注 prints it.</summary>
public static class DocumentPublicity
{
    /// <summary>主动公开: （此件公开发布）.</summary>
    public const string Public = "public";
    /// <summary>依申请公开: （此件依申请公开）.</summary>
    public const string OnRequest = "onRequest";
    /// <summary>不予公开: （此件不予公开）.</summary>
    public const string NotPublic = "notPublic";

    public static readonly IReadOnlyList<string> All = [Public, OnRequest, NotPublic];

    /// <summary>A value as the API takes it, or as a 签发 form offers it in Chinese (主动公开, 依申请公开, 不予公开); null when it is neither.</summary>
    public static string? Parse(string? value) => value?.Trim() switch
    {
        Public or "主动公开" => Public,
        OnRequest or "依申请公开" => OnRequest,
        NotPublic or "不予公开" => NotPublic,
        _ => null,
    };
}
