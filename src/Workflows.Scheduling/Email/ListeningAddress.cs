using Microsoft.Extensions.Configuration;

namespace Workflows.Scheduling.Email;

/// <summary>
/// Where the server listens, as ASP.NET Core reads it (<c>urls</c>, i.e. <c>ASPNETCORE_URLS</c> or a launch profile's
/// applicationUrl, else <c>http_ports</c>/<c>https_ports</c>): the default address e-mails link to when
/// <c>Workflows:PublicUrl</c> is not set. A wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) reads as localhost.
/// </summary>
public static class ListeningAddress
{
    public static string? From(IConfiguration configuration)
    {
        if (configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } urls)
        {
            var first = urls.FirstOrDefault(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ?? urls[0];
            if (Uri.TryCreate(first.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var uri) && uri.Port != 0)
            {
                var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
                return $"{uri.Scheme}://{host}:{uri.Port}";
            }
            return null;
        }
        if (FirstPort(configuration["https_ports"]) is { } https)
        {
            return $"https://localhost:{https}";
        }
        return FirstPort(configuration["http_ports"]) is { } http ? $"http://localhost:{http}" : null;
    }

    private static string? FirstPort(string? ports) =>
        ports?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
