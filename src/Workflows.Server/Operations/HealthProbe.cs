namespace Workflows.Server.Operations;

/// <summary>
/// <c>--health [url]</c>: asks a running server's <c>/health</c> and exits 0 when healthy. The container image has no
/// curl, so its HEALTHCHECK runs the server binary in this mode.
/// </summary>
public static class HealthProbe
{
    public const string Flag = "--health";

    public static async Task<int> RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, Flag);
        var url = at + 1 < args.Length ? args[at + 1] : "http://localhost:8080/health";
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var response = await client.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"{url}: {ex.Message}");
            return 1;
        }
    }
}
