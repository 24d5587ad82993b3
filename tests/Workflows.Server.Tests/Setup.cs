using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Workflows.Server.Tests;

/// <summary>The data a test makes for itself through the API: published definitions, people, instances, files.</summary>
public static class Setup
{
    public const string UserPassword = "Passw0rd-test";

    /// <summary>Creates <paramref name="json"/> as a draft and publishes it, as the demo designer.</summary>
    public static async Task PublishAsync(this ServerFactory server, string json)
    {
        var designer = await server.ClientForAsync("designer");
        var created = await (await designer.PostJsonAsync("/api/workflow-definitions", json)).ExpectObjectAsync(HttpStatusCode.Created);
        await (await designer.PostAsync($"/api/workflow-definitions/{created["definitionId"]}/publish", null)).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A new person (made by the administrator) in <paramref name="roles"/>, signed in.</summary>
    public static async Task<(string UserName, HttpClient Client)> NewUserAsync(this ServerFactory server, params string[] roles)
    {
        var userName = Api.NewId("user");
        await server.CreateUserAsync(userName, roles);
        return (userName, await server.ClientForAsync(userName, UserPassword));
    }

    public static async Task CreateUserAsync(this ServerFactory server, string userName, params string[] roles)
    {
        var admin = await server.ClientForAsync("admin");
        var body = new JsonObject
        {
            ["userName"] = userName,
            ["displayName"] = $"测试 {userName}",
            ["password"] = UserPassword,
            ["roles"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]),
        };
        await (await admin.PostJsonAsync("/api/org/users", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>Starts the published <paramref name="definitionId"/> and returns the new instance's id.</summary>
    public static async Task<string> StartAsync(this HttpClient client, string definitionId, string input = "{}")
    {
        var response = await client.PostJsonAsync("/api/workflow-instances", $$"""{ "definitionId": "{{definitionId}}", "input": {{input}} }""");
        return (string)(await response.ExpectObjectAsync(HttpStatusCode.Created))["id"]!;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] content, string fileName, string contentType = "application/pdf")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PostAsync("/api/attachments", new MultipartFormDataContent { { file, "file", fileName } });
    }

    /// <summary>Uploads a small file and returns its attachment id.</summary>
    public static async Task<string> UploadAsync(this HttpClient client, string fileName = "公函.pdf") =>
        (string)(await (await client.UploadAsync("%PDF-1.4 test"u8.ToArray(), fileName)).ExpectObjectAsync(HttpStatusCode.Created))["id"]!;

    /// <summary>
    /// <c>POST /api/auth/token</c> as if from <paramref name="address"/>: the in-memory test server has no network, so the
    /// caller's address is set on the request the way Kestrel would.
    /// </summary>
    public static async Task<HttpResponseMessage> PostTokenFromAsync(this ServerFactory server, string address, string userName, string password, string? newPassword = null)
    {
        var body = new JsonObject { ["userName"] = userName, ["password"] = password, ["newPassword"] = newPassword }.ToJsonString();
        var context = await server.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = "/api/auth/token";
            c.Request.ContentType = "application/json";
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            c.Request.Body = new MemoryStream(bytes);
            c.Request.ContentLength = bytes.Length;
            c.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>(new HasBody());
            c.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address);
        });
        var response = new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode)
        {
            Content = new StreamContent(context.Response.Body),
            RequestMessage = new HttpRequestMessage(HttpMethod.Post, new Uri("http://localhost/api/auth/token")),
        };
        if (context.Response.ContentType is { } type)
        {
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }
        return response;
    }

    private sealed class HasBody : Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}
