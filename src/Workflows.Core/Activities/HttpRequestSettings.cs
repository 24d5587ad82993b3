namespace Workflows.Core.Activities;

/// <summary>
/// Section <c>Workflows:Http</c>: the hosts the HttpRequest activity may call. Empty by default, so nothing is
/// called until an administrator allows a host ("oa.district.gov.cn", or "10.0.0.5:8080" for one port only).
/// </summary>
public sealed class HttpRequestSettings
{
    public const string SectionName = "Workflows:Http";

    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The longest a request may take when the activity does not say.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Allows(Uri url) => AllowedHosts.Any(h =>
        string.Equals(h, url.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(h, url.Authority, StringComparison.OrdinalIgnoreCase));
}
