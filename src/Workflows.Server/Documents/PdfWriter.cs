using SkiaSharp;

namespace Workflows.Server.Documents;

/// <summary>
/// The archival PDF (PDF/A-2b) of a <see cref="ComposedDocument"/>, laid out like the .docx and the HTML: A4, GB/T
/// 9704-2012 margins and 28-point lines, 发文机关标志, 发文字号 over the red rule, title, 主送, body, 附件说明, 署名, 成文日期,
/// 附注 (公开属性), 附件 on pages of their own, 版记 last. Skia embeds the subset of the font it draws with, and writes
/// the PDF/A identification (XMP <c>pdfaid:part</c> 2, conformance B) and an sRGB output intent.
/// </summary>
public static class PdfWriter
{
    public const string ContentType = "application/pdf";

    private const float Mm = 72f / 25.4f;
    private const float PageWidth = 210 * Mm, PageHeight = 297 * Mm;
    private const float Left = 28 * Mm, Right = PageWidth - 26 * Mm, Top = 37 * Mm, Bottom = PageHeight - 35 * Mm;
    private const float BodySize = 16, TitleSize = 22, MarkSize = 26, NoteSize = 14, Line = 28.35f;

    public static byte[] Write(ComposedDocument document, SKTypeface typeface, DateTimeOffset signedAt)
    {
        var draft = document.Draft;
        using var output = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = draft.Title,
            Author = draft.Issuer,
            Subject = document.Number,
            Creator = "Workflows",
            Producer = "Workflows (Skia)",
            Creation = signedAt.UtcDateTime,
            Modified = signedAt.UtcDateTime,
            PdfA = true,
            RasterDpi = 300,
            EncodingQuality = 101,
        };
        using (var pdf = SKDocument.CreatePdf(output, metadata))
        {
            using var pages = new Pages(pdf, typeface);
            pages.Centered(draft.Issuer, MarkSize, SKColors.Red, MarkSize * 1.6f);
            pages.Centered(document.Number, BodySize, SKColors.Black, Line);
            pages.Rule(SKColors.Red, 1.5f, Line);
            pages.Centered(draft.Title, TitleSize, SKColors.Black, TitleSize * 1.5f, wrap: true);
            pages.Gap(Line);
            if (draft.Addressee.Length > 0)
            {
                pages.Paragraph(draft.Addressee, indent: 0);
            }
            pages.Blocks(draft.Body);
            if (document.AnnexNotes.Count > 0)
            {
                pages.Gap(Line);
                foreach (var note in document.AnnexNotes)
                {
                    pages.Paragraph(note, indent: 2);
                }
            }
            pages.Gap(Line);
            pages.RightAligned(draft.Issuer);
            pages.RightAligned(document.Date);
            pages.Paragraph(document.PublicityNote, indent: 2);
            for (var i = 0; i < draft.Annexes.Count; i++)
            {
                var annex = draft.Annexes[i];
                pages.NewPage();
                pages.Paragraph(ComposedDocument.AnnexMark(draft, i), indent: 0);
                pages.Centered(annex.Title, TitleSize, SKColors.Black, TitleSize * 1.5f, wrap: true);
                if (!annex.Public)
                {
                    pages.Centered(ComposedDocument.NotPublicAnnexMark, BodySize, SKColors.Black, Line);
                }
                pages.Blocks(annex.Body);
            }
            pages.Imprint(document.CcLine, draft.PrintedBy, document.PrintedOn);
        }
        return output.ToArray();
    }

    /// <summary>The page being drawn and where the next line goes; a line that does not fit starts a new page.</summary>
    private sealed class Pages(SKDocument pdf, SKTypeface typeface) : IDisposable
    {
        private SKCanvas? _canvas;
        private float _y;

        private SKCanvas Canvas => _canvas ?? NewPage();

        public SKCanvas NewPage()
        {
            if (_canvas is not null)
            {
                pdf.EndPage();
            }
            _canvas = pdf.BeginPage(PageWidth, PageHeight);
            _y = Top;
            return _canvas;
        }

        public void Dispose()
        {
            if (_canvas is not null)
            {
                pdf.EndPage();
            }
            pdf.Close();
        }

        public void Gap(float height) => _y += height;

        public void Centered(string text, float size, SKColor color, float height, bool wrap = false)
        {
            using var font = new SKFont(typeface, size);
            foreach (var line in wrap ? Wrap(text, font, Right - Left, 0) : [text])
            {
                Draw(line, (Left + Right - font.MeasureText(line)) / 2, font, color, height);
            }
        }

        public void RightAligned(string text)
        {
            using var font = new SKFont(typeface, BodySize);
            Draw(text, Right - 4 * BodySize - font.MeasureText(text), font, SKColors.Black, Line);
        }

        public void Paragraph(string text, int indent, float size = BodySize, float left = Left, float right = Right)
        {
            using var font = new SKFont(typeface, size);
            var lines = Wrap(text, font, right - left, indent * size);
            for (var i = 0; i < lines.Count; i++)
            {
                Draw(lines[i], left + (i == 0 ? indent * size : 0), font, SKColors.Black, Line);
            }
        }

        /// <summary>Paragraphs indented two characters; a form's label｜value rows as a two-column table.</summary>
        public void Blocks(IReadOnlyList<DocumentBlock> blocks)
        {
            using var font = new SKFont(typeface, BodySize);
            using var border = new SKPaint { Color = SKColors.Black, StrokeWidth = 0.75f, Style = SKPaintStyle.Stroke };
            var split = Left + (Right - Left) * 0.36f;
            foreach (var block in blocks)
            {
                if (!block.IsRow)
                {
                    Paragraph(block.Text, indent: 2);
                    continue;
                }
                var labels = Wrap(block.Text, font, split - Left - 8, 0);
                var values = Wrap(block.Value!, font, Right - split - 8, 0);
                var height = Math.Max(labels.Count, values.Count) * Line;
                if (_y + height > Bottom)
                {
                    NewPage();
                }
                var top = _y;
                Canvas.DrawRect(Left, top, Right - Left, height, border);
                Canvas.DrawLine(split, top, split, top + height, border);
                for (var i = 0; i < labels.Count; i++)
                {
                    Text(labels[i], Left + 4, top + (i + 1) * Line - 8, font, SKColors.Black);
                }
                for (var i = 0; i < values.Count; i++)
                {
                    Text(values[i], split + 4, top + (i + 1) * Line - 8, font, SKColors.Black);
                }
                _y = top + height;
            }
        }

        public void Rule(SKColor color, float width, float height)
        {
            using var paint = new SKPaint { Color = color, StrokeWidth = width, Style = SKPaintStyle.Stroke };
            Canvas.DrawLine(Left, _y + 6, Right, _y + 6, paint);
            _y += height;
        }

        /// <summary>版记 at the foot of the last page: 抄送 and 印发机关/印发日期 between rules.</summary>
        public void Imprint(string ccLine, string printedBy, string printedOn)
        {
            var lines = (ccLine.Length > 0 ? 2 : 1) * Line;
            if (_y + lines + Line > Bottom)
            {
                NewPage();
            }
            _y = Bottom - lines;
            using var thick = new SKPaint { Color = SKColors.Black, StrokeWidth = 1, Style = SKPaintStyle.Stroke };
            using var font = new SKFont(typeface, NoteSize);
            Canvas.DrawLine(Left, _y, Right, _y, thick);
            if (ccLine.Length > 0)
            {
                Text(ccLine, Left + NoteSize, _y + Line - 9, font, SKColors.Black);
                _y += Line;
                Canvas.DrawLine(Left, _y, Right, _y, thick);
            }
            Text(printedBy, Left + NoteSize, _y + Line - 9, font, SKColors.Black);
            Text(printedOn, Right - NoteSize - font.MeasureText(printedOn), _y + Line - 9, font, SKColors.Black);
            _y += Line;
            Canvas.DrawLine(Left, _y, Right, _y, thick);
        }

        private void Draw(string text, float x, SKFont font, SKColor color, float height)
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }
            Text(text, x, _y + height - (height - font.Size) / 2 - 2, font, color);
            _y += height;
        }

        private void Text(string text, float x, float baseline, SKFont font, SKColor color)
        {
            using var paint = new SKPaint { Color = color, IsAntialias = true };
            Canvas.DrawText(text, x, baseline, SKTextAlign.Left, font, paint);
        }

        /// <summary>Greedy line breaking character by character, as Chinese text breaks; the first line leaves room for the indent.</summary>
        private static List<string> Wrap(string text, SKFont font, float width, float firstIndent)
        {
            var lines = new List<string>();
            var start = 0;
            var used = firstIndent;
            for (var i = 0; i < text.Length; i++)
            {
                var step = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
                var advance = font.MeasureText(text.AsSpan(i, step));
                if (used + advance > width && i > start)
                {
                    lines.Add(text[start..i]);
                    (start, used) = (i, 0);
                }
                used += advance;
                i += step - 1;
            }
            lines.Add(text[start..]);
            return lines;
        }
    }
}
