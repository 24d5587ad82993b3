namespace Workflows.Server.Documents;

/// <summary>
/// A document template: the parts of a GB/T 9704 document, each Liquid over <c>data</c> (from the GenerateDocument
/// activity) and <c>document</c> (<c>number</c>, <c>date</c>, <c>title</c>). The filter <c>cndate</c> prints a
/// YYYY-MM-DD date as 2023年12月14日.
/// </summary>
public sealed record DocumentTemplate(
    string Key, string Name, string NumberPrefix, string Title, string Addressee, string Body, string Issuer, string Note)
{
    /// <summary>The Liquid parts by name, for parsing and error messages.</summary>
    public IEnumerable<(string Part, string Text)> Parts =>
        [("title", Title), ("addressee", Addressee), ("body", Body), ("issuer", Issuer), ("note", Note)];
}
