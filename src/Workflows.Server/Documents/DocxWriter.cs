using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Workflows.Server.Documents;

/// <summary>
/// Writes a <see cref="ComposedDocument"/> as .docx in the GB/T 9704 manner: A4 with the standard margins, the
/// issuing office in red, the document number over a red rule, the title in 小标宋 二号, the addressee, the body in
/// 仿宋 三号 with a two-character first-line indent and 28-point lines, then the issuing office and the date.
/// </summary>
public static class DocxWriter
{
    private const string TitleFont = "方正小标宋简体";
    private const string BodyFont = "仿宋_GB2312";
    private const string Red = "FF0000";
    // Half-points: 二号 22pt, 三号 16pt; the office's mark a little larger.
    private const int MarkSize = 52, TitleSize = 44, BodySize = 32;
    // GB/T 9704: 28 mm left, 26 mm right, 37 mm top, 35 mm bottom (1 mm = 56.7 twips).
    private const int TopMargin = 2098, BottomMargin = 1984, LeftMargin = 1588, RightMargin = 1474;

    public static byte[] Write(ComposedDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = package.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph(document.Issuer, JustificationValues.Center, TitleFont, MarkSize, Red, bold: false));
            body.Append(RedRule(Paragraph(document.Number, JustificationValues.Center, BodyFont, BodySize)));
            body.Append(Paragraph("", JustificationValues.Center, BodyFont, BodySize));
            body.Append(Paragraph(document.Title, JustificationValues.Center, TitleFont, TitleSize));
            body.Append(Paragraph("", JustificationValues.Center, BodyFont, BodySize));
            if (document.Addressee.Length > 0)
            {
                body.Append(Paragraph(document.Addressee, JustificationValues.Left, BodyFont, BodySize));
            }
            foreach (var run in Runs(document.Body))
            {
                body.Append(run);
            }
            body.Append(Paragraph("", JustificationValues.Left, BodyFont, BodySize));
            body.Append(Paragraph(document.Issuer, JustificationValues.Right, BodyFont, BodySize));
            body.Append(Paragraph(document.Date, JustificationValues.Right, BodyFont, BodySize));
            if (document.Note.Length > 0)
            {
                body.Append(Indented(Paragraph(document.Note, JustificationValues.Left, BodyFont, BodySize)));
            }
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = TopMargin, Bottom = BottomMargin, Left = (uint)LeftMargin, Right = (uint)RightMargin, Header = 851, Footer = 992 }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

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

    private static Paragraph Paragraph(string text, JustificationValues justification, string font, int size, string? color = null, bool bold = false)
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
        return new Paragraph(
            new ParagraphProperties(
                new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
                new Justification { Val = justification }),
            new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
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
