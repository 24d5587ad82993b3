namespace Workflows.Server.Documents;

/// <summary>
/// A document template: the parts of a GB/T 9704 document, each Liquid over <c>data</c> (from the GenerateDocument
/// activity) and <c>document.title</c>. The filter <c>cndate</c> prints a YYYY-MM-DD date as 2023年12月14日. The
/// number and date are not template parts: they are given at 签发. <see cref="Publicity"/> is the default 公开属性,
/// <see cref="Cc"/> (one organ a line) and <see cref="PrintedBy"/> make the 版记, and <see cref="Annex"/> an 附件.
/// </summary>
public sealed record DocumentTemplate(
    string Key, string Name, string NumberPrefix, string Title, string Addressee, string Body, string Issuer,
    string Publicity, string Cc, string PrintedBy, string AnnexTitle = "", string Annex = "", bool AnnexPublic = true)
{
    /// <summary>The Liquid parts by name, for parsing and error messages.</summary>
    public IEnumerable<(string Part, string Text)> Parts =>
        [("title", Title), ("addressee", Addressee), ("body", Body), ("issuer", Issuer), ("cc", Cc), ("printedBy", PrintedBy),
            ("annexTitle", AnnexTitle), ("annex", Annex)];
}
