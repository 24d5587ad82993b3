using Workflows.Persistence.Documents;

namespace Workflows.Server.Documents;

/// <summary>One block of the body: a paragraph, or a table row (label｜value) of a form such as 公平竞争审查表.</summary>
public sealed record DocumentBlock(string Text, string? Value = null)
{
    public bool IsRow => Value is not null;
}

/// <summary>An 附件: printed on pages of its own after the document, before the 版记; one not public is marked so.</summary>
public sealed record DocumentAnnex(string Title, IReadOnlyList<DocumentBlock> Body, bool Public = true);

/// <summary>
/// The text of a document as the 核稿 step edits it: everything but the number, the date and the 公开属性, which
/// only 签发 gives. Stored as JSON on the document; frozen once issued.
/// </summary>
public sealed record DocumentDraft(
    string Issuer, string Title, string Addressee, IReadOnlyList<DocumentBlock> Body, IReadOnlyList<string> Cc, string PrintedBy,
    IReadOnlyList<DocumentAnnex> Annexes);

/// <summary>A signed-off document, ready for the .docx and HTML writers (GB/T 9704-2012 parts in order).</summary>
public sealed record ComposedDocument(DocumentDraft Draft, string Number, string Date, string Publicity)
{
    public const string UnnumberedMark = "（未编号草稿）";

    /// <summary>The 附注 line under the date, as GB/T 9704-2012 7.3.7 places it.</summary>
    public string PublicityNote => Publicity switch
    {
        DocumentPublicity.OnRequest => "（此件依申请公开）",
        DocumentPublicity.NotPublic => "（此件不予公开）",
        _ => "（此件公开发布）",
    };

    /// <summary>版记 抄送 line: 抄送：A，B。 — empty when there is no one to copy.</summary>
    public string CcLine => Draft.Cc.Count == 0 ? "" : $"抄送：{string.Join("，", Draft.Cc)}。";

    /// <summary>版记 印发 line's right half: 2023年12月14日印发.</summary>
    public string PrintedOn => Date.Length == 0 ? "" : $"{Date}印发";

    /// <summary>附件说明 lines under the body: 附件：1.… (numbered when more than one).</summary>
    public IReadOnlyList<string> AnnexNotes => Draft.Annexes.Count switch
    {
        0 => [],
        1 => [$"附件：{Draft.Annexes[0].Title}"],
        _ => [.. Draft.Annexes.Select((a, i) => i == 0 ? $"附件：1.{a.Title}" : $"　　　{i + 1}.{a.Title}")],
    };

    public static string AnnexMark(DocumentDraft draft, int index) => draft.Annexes.Count == 1 ? "附件" : $"附件{index + 1}";

    public const string NotPublicAnnexMark = "（此附件不予公开）";
}
