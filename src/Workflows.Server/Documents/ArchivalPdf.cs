using Microsoft.Extensions.Options;
using SkiaSharp;
using Workflows.Core.Calendar;
using Workflows.Persistence.Documents;

namespace Workflows.Server.Documents;

/// <summary>
/// The PDF/A rendering of an issued (or voided) document, made from its frozen text, number, date and 公开属性 when
/// asked for (download, archive package), so it always says what the register says. It needs a font with Chinese
/// glyphs (<see cref="DocumentOptions.PdfFont"/>); without one there is no PDF and the archive keeps the HTML.
/// </summary>
public sealed class ArchivalPdf(IOptions<DocumentOptions> options, DeadlineCalculator calendar) : IDisposable
{
    private readonly Lazy<SKTypeface?> _typeface = new(() => Load(options.Value));

    /// <summary>Whether a PDF can be made: the configured font file exists and Skia reads it.</summary>
    public bool Available => _typeface.Value is not null;

    /// <summary>Null for a draft, or when there is no font.</summary>
    public byte[]? Render(GeneratedDocumentRecord document)
    {
        if (_typeface.Value is not { } typeface || !DocumentStates.IsNumbered(document.State))
        {
            return null;
        }
        var signedAt = document.SignedAt ?? document.CreatedAt;
        var composed = new ComposedDocument(DocumentDrafts.Deserialize(document.Content), document.Number,
            DocumentComposer.ChineseDate(calendar.LocalDate(signedAt)), document.Publicity);
        return PdfWriter.Write(composed, typeface, signedAt);
    }

    public void Dispose()
    {
        if (_typeface.IsValueCreated)
        {
            _typeface.Value?.Dispose();
        }
    }

    private static SKTypeface? Load(DocumentOptions options) =>
        File.Exists(options.PdfFont) ? SKTypeface.FromFile(options.PdfFont, options.PdfFontIndex) : null;
}
