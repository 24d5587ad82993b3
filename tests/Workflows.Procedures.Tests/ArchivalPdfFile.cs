using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace Workflows.Procedures.Tests;

/// <summary>
/// A PDF read back with PdfPig: its PDF/A identification (the XMP <c>pdfaid:part</c> and <c>pdfaid:conformance</c>),
/// every font its pages use and whether the font program is in the file, and its text.
/// </summary>
public sealed partial record ArchivalPdfFile(string? Part, string? Conformance, IReadOnlyList<(string Name, bool Embedded)> Fonts, string Text)
{
    public static ArchivalPdfFile Read(byte[] bytes)
    {
        using var document = PdfDocument.Open(bytes);
        var xmp = document.TryGetXmpMetadata(out var metadata) ? metadata.GetXDocument().ToString() : "";
        var fonts = new List<(string, bool)>();
        var text = new List<string>();
        foreach (var page in document.GetPages())
        {
            text.Add(string.Concat(page.Letters.Select(l => l.Value)));
            var resources = page.Dictionary.TryGet(NameToken.Resources, document.Structure.TokenScanner, out DictionaryToken? found) ? found : null;
            if (resources is null || !resources.TryGet(NameToken.Font, document.Structure.TokenScanner, out DictionaryToken? pageFonts))
            {
                continue;
            }
            foreach (var (name, reference) in pageFonts.Data)
            {
                var font = Resolve<DictionaryToken>(document, reference);
                fonts.Add((name, Embedded(document, font)));
            }
        }
        return new ArchivalPdfFile(Field(xmp, "part"), Field(xmp, "conformance"), fonts, string.Join("\n", text));
    }

    /// <summary>A Type3 font is drawn by the file itself; any other has its program in FontFile/FontFile2/FontFile3 of its descriptor (of its descendant for Type0).</summary>
    private static bool Embedded(PdfDocument document, DictionaryToken font)
    {
        if (font.Data.TryGetValue(NameToken.Subtype.Data, out var subtype) && subtype is NameToken { Data: "Type3" })
        {
            return true;
        }
        if (font.TryGet(NameToken.DescendantFonts, document.Structure.TokenScanner, out ArrayToken? descendants))
        {
            return Embedded(document, Resolve<DictionaryToken>(document, descendants.Data[0]));
        }
        return font.TryGet(NameToken.FontDescriptor, document.Structure.TokenScanner, out DictionaryToken? descriptor)
            && (descriptor.ContainsKey(NameToken.FontFile) || descriptor.ContainsKey(NameToken.FontFile2) || descriptor.ContainsKey(NameToken.FontFile3));
    }

    /// <summary>
    /// Whether the page text shows <paramref name="expected"/>. The font maps some ideographs and their radical forms to
    /// one glyph, so the PDF's text layer may give 人 as ⼈ (a Kangxi radical, NFKC folds it back) or 民 as ⺠ (a
    /// supplement radical, which has no folding): such a character stands for any ideograph here.
    /// </summary>
    public bool Shows(string expected)
    {
        var text = string.Concat(Text.Normalize(NormalizationForm.FormKC).Select(c => c is >= '\u2E80' and <= '\u2EFF' ? '\uFFFD' : c));
        var pattern = string.Concat(expected.Normalize(NormalizationForm.FormKC).Select(c => c is >= '\u4E00' and <= '\u9FFF' ? $"(?:{c}|\uFFFD)" : Regex.Escape(c.ToString())));
        return Regex.IsMatch(text, pattern);
    }

    private static T Resolve<T>(PdfDocument document, IToken token) where T : class, IToken =>
        token is IndirectReferenceToken reference ? (T)document.Structure.GetObject(reference.Data).Data : (T)token;

    private static string? Field(string xmp, string name) =>
        XmpField().Matches(xmp).FirstOrDefault(m => m.Groups["name"].Value == name)?.Groups["value"].Value;

    [GeneratedRegex("""pdfaid:(?<name>\w+)(?:="|>)(?<value>[^"<]+)""")]
    private static partial Regex XmpField();
}
