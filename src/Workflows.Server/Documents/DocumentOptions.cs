namespace Workflows.Server.Documents;

/// <summary>Section <c>Workflows:Documents</c>: how the document dispatcher polls the outbox.</summary>
public sealed class DocumentOptions
{
    public const string SectionName = "Workflows:Documents";

    /// <summary>How often pending document requests are looked for besides the wake-up after each commit.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Tries before a request is marked failed (a template an administrator broke, a database outage).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// The font the PDF/A renderings are drawn and embedded with: a TrueType/OpenType file or collection with Chinese
    /// glyphs (Debian/Ubuntu: package fonts-noto-cjk). When the file is missing there is no PDF; the HTML stays.
    /// </summary>
    public string PdfFont { get; set; } = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

    /// <summary>The face in a collection (.ttc): 2 is Noto Serif CJK SC, the simplified-Chinese one.</summary>
    public int PdfFontIndex { get; set; } = 2;
}
