using System.Net;
using System.Text;

namespace Workflows.Server.Documents;

/// <summary>
/// The printable HTML of a <see cref="ComposedDocument"/>, laid out like the .docx (A4, GB/T 9704-2012 margins, 附注,
/// 附件 on pages of their own, 版记 last). Every filled-in value is HTML-encoded here, so data typed into a form can
/// never become markup.
/// </summary>
public static class HtmlWriter
{
    private const string Style = """
        @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
        body { font-family: "仿宋_GB2312", "FangSong", serif; font-size: 16pt; line-height: 28pt; max-width: 156mm; margin: 0 auto; }
        .mark { color: #d00; font-family: "方正小标宋简体", "SimSun", serif; font-size: 26pt; text-align: center; line-height: 1.6; }
        .number { text-align: center; border-bottom: 2px solid #d00; padding-bottom: 4pt; margin-bottom: 28pt; }
        h1, h2 { font-family: "方正小标宋简体", "SimSun", serif; font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 28pt; }
        p { margin: 0; text-align: justify; }
        p.body, p.note, p.annexes { text-indent: 2em; }
        p.annexes { margin-top: 28pt; }
        p.sign, p.date { text-align: right; }
        p.sign { margin-top: 28pt; }
        section.annex { break-before: page; }
        p.annex-mark { font-family: "黑体", "SimHei", sans-serif; }
        p.withheld { text-align: center; }
        footer { margin-top: 28pt; border-top: 1px solid #000; border-bottom: 1px solid #000; font-size: 14pt; }
        footer p { padding: 0 1em; }
        footer p.printed { display: flex; justify-content: space-between; }
        table { width: 100%; border-collapse: collapse; }
        td { border: 1px solid #000; padding: 4pt 6pt; vertical-align: top; }
        td.label { width: 36%; }
        """;

    public static string Write(ComposedDocument document)
    {
        var draft = document.Draft;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Encode(draft.Title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<div class=\"mark\">").Append(Encode(draft.Issuer)).Append("</div>\n");
        html.Append("<div class=\"number\">").Append(Encode(document.Number)).Append("</div>\n");
        html.Append("<h1>").Append(Encode(draft.Title)).Append("</h1>\n");
        if (draft.Addressee.Length > 0)
        {
            html.Append("<p class=\"addressee\">").Append(Encode(draft.Addressee)).Append("</p>\n");
        }
        AppendBlocks(html, draft.Body);
        foreach (var note in document.AnnexNotes)
        {
            html.Append("<p class=\"annexes\">").Append(Encode(note)).Append("</p>\n");
        }
        html.Append("<p class=\"sign\">").Append(Encode(draft.Issuer)).Append("</p>\n");
        html.Append("<p class=\"date\">").Append(Encode(document.Date)).Append("</p>\n");
        html.Append("<p class=\"note\">").Append(Encode(document.PublicityNote)).Append("</p>\n");
        for (var i = 0; i < draft.Annexes.Count; i++)
        {
            var annex = draft.Annexes[i];
            html.Append("<section class=\"annex\">\n<p class=\"annex-mark\">").Append(Encode(ComposedDocument.AnnexMark(draft, i))).Append("</p>\n");
            html.Append("<h2>").Append(Encode(annex.Title)).Append("</h2>\n");
            if (!annex.Public)
            {
                html.Append("<p class=\"withheld\">").Append(Encode(ComposedDocument.NotPublicAnnexMark)).Append("</p>\n");
            }
            AppendBlocks(html, annex.Body);
            html.Append("</section>\n");
        }
        html.Append("<footer>\n");
        if (document.CcLine.Length > 0)
        {
            html.Append("<p class=\"cc\">").Append(Encode(document.CcLine)).Append("</p>\n");
        }
        html.Append("<p class=\"printed\"><span>").Append(Encode(draft.PrintedBy)).Append("</span><span>")
            .Append(Encode(document.PrintedOn)).Append("</span></p>\n</footer>\n");
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void AppendBlocks(StringBuilder html, IReadOnlyList<DocumentBlock> blocks)
    {
        var inTable = false;
        foreach (var block in blocks)
        {
            if (block.IsRow != inTable)
            {
                html.Append(inTable ? "</table>\n" : "<table>\n");
                inTable = block.IsRow;
            }
            html.Append(block.IsRow
                ? $"<tr><td class=\"label\">{Encode(block.Text)}</td><td>{Encode(block.Value!)}</td></tr>\n"
                : $"<p class=\"body\">{Encode(block.Text)}</p>\n");
        }
        if (inTable)
        {
            html.Append("</table>\n");
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
