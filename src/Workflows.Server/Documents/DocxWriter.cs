using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Workflows.Server.Documents;

/// <summary>
/// Writes a <see cref="ComposedDocument"/> as .docx in the GB/T 9704-2012 manner: A4 with the standard margins, the
/// issuing office in red, the document number over a red rule, the title in 小标宋 二号, the addressee, the body in
/// 仿宋 三号 with a two-character first-line indent and 28-point lines, the 附件说明, the issuing office and the
/// date, the 附注 (公开属性) under the date, each 附件 on pages of its own, and last the 版记 (抄送, 印发机关 and
/// 印发日期) between rules.
/// </summary>
public static class DocxWriter
{
    private const string TitleFont = "方正小标宋简体";
    private const string BodyFont = "仿宋_GB2312";
    private const string MarkFont = "黑体";
    private const string Red = "FF0000";
    // Half-points: 二号 22pt, 三号 16pt, 四号 14pt; the office's mark a little larger.
    private const int MarkSize = 52, TitleSize = 44, BodySize = 32, ImprintSize = 28;
    // GB/T 9704: 28 mm left, 26 mm right, 37 mm top, 35 mm bottom (1 mm = 56.7 twips).
    private const int TopMargin = 2098, BottomMargin = 1984, LeftMargin = 1588, RightMargin = 1474;
    private const int TextWidth = 11906 - LeftMargin - RightMargin;

    public static byte[] Write(ComposedDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = package.AddMainDocumentPart();
            var draft = document.Draft;
            var body = new Body();
            body.Append(Paragraph(draft.Issuer, JustificationValues.Center, TitleFont, MarkSize, Red, bold: false));
            body.Append(RedRule(Paragraph(document.Number, JustificationValues.Center, BodyFont, BodySize)));
            body.Append(Paragraph("", JustificationValues.Center, BodyFont, BodySize));
            body.Append(Paragraph(draft.Title, JustificationValues.Center, TitleFont, TitleSize));
            body.Append(Paragraph("", JustificationValues.Center, BodyFont, BodySize));
            if (draft.Addressee.Length > 0)
            {
                body.Append(Paragraph(draft.Addressee, JustificationValues.Left, BodyFont, BodySize));
            }
            body.Append(Runs(draft.Body));
            if (document.AnnexNotes.Count > 0)
            {
                body.Append(Paragraph("", JustificationValues.Left, BodyFont, BodySize));
                body.Append(document.AnnexNotes.Select(note => Indented(Paragraph(note, JustificationValues.Left, BodyFont, BodySize))));
            }
            body.Append(Paragraph("", JustificationValues.Left, BodyFont, BodySize));
            body.Append(Paragraph(draft.Issuer, JustificationValues.Right, BodyFont, BodySize));
            body.Append(Paragraph(document.Date, JustificationValues.Right, BodyFont, BodySize));
            body.Append(Indented(Paragraph(document.PublicityNote, JustificationValues.Left, BodyFont, BodySize)));
            for (var i = 0; i < draft.Annexes.Count; i++)
            {
                var annex = draft.Annexes[i];
                body.Append(PageBreak());
                body.Append(Paragraph(ComposedDocument.AnnexMark(draft, i), JustificationValues.Left, MarkFont, BodySize));
                body.Append(Paragraph(annex.Title, JustificationValues.Center, TitleFont, TitleSize));
                if (!annex.Public)
                {
                    body.Append(Paragraph(ComposedDocument.NotPublicAnnexMark, JustificationValues.Center, BodyFont, BodySize));
                }
                body.Append(Runs(annex.Body));
            }
            body.Append(Imprint(document));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = TopMargin, Bottom = BottomMargin, Left = (uint)LeftMargin, Right = (uint)RightMargin, Header = 851, Footer = 992 }));
            foreach (var properties in body.Descendants<ParagraphProperties>())
            {
                InSchemaOrder(properties);
            }
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>版记: 抄送 (left and right one character in), then 印发机关 left and 印发日期 right, between rules.</summary>
    private static IEnumerable<OpenXmlElement> Imprint(ComposedDocument document)
    {
        yield return Paragraph("", JustificationValues.Left, BodyFont, BodySize);
        var lines = new List<Paragraph>();
        if (document.CcLine.Length > 0)
        {
            var cc = Paragraph(document.CcLine, JustificationValues.Left, BodyFont, ImprintSize);
            cc.ParagraphProperties!.Append(new Indentation { LeftChars = 100, RightChars = 100 });
            lines.Add(cc);
        }
        var printed = Paragraph(document.Draft.PrintedBy, JustificationValues.Left, BodyFont, ImprintSize);
        printed.ParagraphProperties!.Append(new Tabs(new TabStop { Val = TabStopValues.Right, Position = TextWidth - 320 }));
        printed.ParagraphProperties.Append(new Indentation { LeftChars = 100 });
        printed.Append(new Run(RunProperties(BodyFont, ImprintSize, null, false), new TabChar(), new Text(document.PrintedOn)));
        lines.Add(printed);
        lines[0].ParagraphProperties!.Append(new ParagraphBorders(new TopBorder { Val = BorderValues.Single, Size = 8, Space = 1 }));
        var last = lines[^1].ParagraphProperties!;
        if (last.GetFirstChild<ParagraphBorders>() is { } borders)
        {
            borders.Append(new BottomBorder { Val = BorderValues.Single, Size = 8, Space = 1 });
        }
        else
        {
            last.Append(new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 8, Space = 1 }));
        }
        foreach (var line in lines)
        {
            yield return line;
        }
    }

    /// <summary>Word refuses paragraph properties out of the schema's order (borders, tabs, spacing, indentation, justification).</summary>
    private static void InSchemaOrder(ParagraphProperties properties)
    {
        static int Rank(OpenXmlElement e) => e switch
        {
            ParagraphBorders => 0,
            Tabs => 1,
            SpacingBetweenLines => 2,
            Indentation => 3,
            Justification => 4,
            _ => 5,
        };
        var ordered = properties.ChildElements.OrderBy(Rank).ToList();
        properties.RemoveAllChildren();
        properties.Append(ordered);
    }

    private static Paragraph PageBreak() => new(new Run(new Break { Type = BreakValues.Page }));

    /// <summary>Paragraphs as they come; consecutive label｜value rows gathered into one bordered table.</summary>
    private static IEnumerable<OpenXmlElement> Runs(IReadOnlyList<DocumentBlock> blocks)
    {
        Table? table = null;
        foreach (var block in blocks)
        {
            if (!block.IsRow)
            {
                table = null;
                yield return Indented(Paragraph(block.Text, JustificationValues.Both, BodyFont, BodySize));
                continue;
            }
            if (table is null)
            {
                table = new Table(new TableProperties(
                    new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
                    new TableBorders(
                        new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                        new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                        new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
                yield return table;
            }
            table.Append(new TableRow(
                Cell(block.Text, 1800),
                Cell(block.Value!, 3200)));
        }
    }

    private static TableCell Cell(string text, int width) => new(
        new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Pct, Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        Paragraph(text, JustificationValues.Left, BodyFont, BodySize));

    private static Paragraph Paragraph(string text, JustificationValues justification, string font, int size, string? color = null, bool bold = false) => new(
        new ParagraphProperties(
            new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
            new Justification { Val = justification }),
        new Run(RunProperties(font, size, color, bold), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static RunProperties RunProperties(string font, int size, string? color, bool bold)
    {
        var runProperties = new RunProperties(
            new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font },
            new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (color is not null)
        {
            runProperties.Append(new Color { Val = color });
        }
        if (bold)
        {
            runProperties.Append(new Bold());
        }
        return runProperties;
    }

    private static Paragraph Indented(Paragraph paragraph)
    {
        paragraph.ParagraphProperties!.Append(new Indentation { FirstLineChars = 200 });
        return paragraph;
    }

    private static Paragraph RedRule(Paragraph paragraph)
    {
        paragraph.ParagraphProperties!.Append(new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 12, Color = Red, Space = 4 }));
        return paragraph;
    }
}
