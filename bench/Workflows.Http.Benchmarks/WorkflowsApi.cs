using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Workflows.Http.Benchmarks;

/// <summary>One signed-in person's HTTP client, as the browser or an integration would call the REST API.</summary>
public sealed class WorkflowsApi(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    /// <summary>Signs in through <c>POST /api/auth/token</c> on its own connection pool, as a separate browser would.</summary>
    public static async Task<WorkflowsApi> SignInAsync(Uri address, string userName, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(2),
        };
        return await SignInAsync(http, userName, password);
    }

    /// <summary>Signs in on an existing client (the in-process host's).</summary>
    public static async Task<WorkflowsApi> SignInAsync(HttpClient http, string userName, string password)
    {
        var token = await Expect(await http.PostAsJsonAsync("/api/auth/token", new { userName, password }), HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!["accessToken"]!.GetValue<string>());
        return new WorkflowsApi(http);
    }

    public async Task<JsonNode?> GetAsync(string path) => await Expect(await http.GetAsync(path), HttpStatusCode.OK);

    public async Task<JsonNode?> PostAsync(string path, object body, HttpStatusCode expected) =>
        await Expect(await http.PostAsJsonAsync(path, body), expected);

    /// <summary>A request whose status the caller judges (a 409 is a normal answer under load), with its latency.</summary>
    public async Task<(HttpStatusCode Status, TimeSpan Elapsed, JsonNode? Body)> TimedAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var elapsed = clock.Elapsed;
        return (response.StatusCode, elapsed, text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true ? JsonNode.Parse(text) : null);
    }

    public async Task<string> UploadAsync(string fileName)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"%PDF-1.4 {fileName}"));
        file.Headers.ContentType = new("application/pdf");
        content.Add(file, "file", fileName);
        var body = await Expect(await http.PostAsync("/api/attachments", content), HttpStatusCode.Created);
        return body!["id"]!.GetValue<string>();
    }

    public void Dispose() => http.Dispose();

    private static async Task<JsonNode?> Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        }
        return text.Length > 0 ? JsonNode.Parse(text) : null;
    }
}
