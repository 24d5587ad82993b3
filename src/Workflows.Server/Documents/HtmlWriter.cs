using System.Net;
using System.Text;

namespace Workflows.Server.Documents;

/// <summary>
/// The printable HTML of a <see cref="ComposedDocument"/>, laid out like the .docx (A4, GB/T 9704 margins). Every
/// filled-in value is HTML-encoded here, so data typed into a form can never become markup.
/// </summary>
public static class HtmlWriter
{
    private const string Style = """
        @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
        body { font-family: "仿宋_GB2312", "FangSong", serif; font-size: 16pt; line-height: 28pt; max-width: 156mm; margin: 0 auto; }
        .mark { color: #d00; font-family: "方正小标宋简体", "SimSun", serif; font-size: 26pt; text-align: center; line-height: 1.6; }
        .number { text-align: center; border-bottom: 2px solid #d00; padding-bottom: 4pt; margin-bottom: 28pt; }
        h1 { font-family: "方正小标宋简体", "SimSun", serif; font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 28pt; }
        p { margin: 0; text-align: justify; }
        p.body, p.note { text-indent: 2em; }
        p.sign, p.date { text-align: right; }
        p.sign { margin-top: 28pt; }
        table { width: 100%; border-collapse: collapse; }
        td { border: 1px solid #000; padding: 4pt 6pt; vertical-align: top; }
        td.label { width: 36%; }
        """;

    public static string Write(ComposedDocument document)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Encode(document.Title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<div class=\"mark\">").Append(Encode(document.Issuer)).Append("</div>\n");
        html.Append("<div class=\"number\">").Append(Encode(document.Number)).Append("</div>\n");
        html.Append("<h1>").Append(Encode(document.Title)).Append("</h1>\n");
        if (document.Addressee.Length > 0)
        {
            html.Append("<p class=\"addressee\">").Append(Encode(document.Addressee)).Append("</p>\n");
        }
        var inTable = false;
        foreach (var block in document.Body)
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
        html.Append("<p class=\"sign\">").Append(Encode(document.Issuer)).Append("</p>\n");
        html.Append("<p class=\"date\">").Append(Encode(document.Date)).Append("</p>\n");
        if (document.Note.Length > 0)
        {
            html.Append("<p class=\"note\">").Append(Encode(document.Note)).Append("</p>\n");
        }
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
