using System.Net;

namespace Workflows.Server.Tests.Hosting;

public sealed class HostingEndpointsTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Health_AnswersHealthy_WithoutSigningIn(Provider provider)
    {
        var response = await shared.For(provider).CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task OpenApiDocument_ListsTheApi_WithoutSigningIn(Provider provider)
    {
        var document = await (await shared.For(provider).CreateClient().GetAsync("/openapi/v1.json")).ExpectObjectAsync(HttpStatusCode.OK);

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/auth/token", paths);
        Assert.Contains("/api/workflow-definitions/{definitionId}/publish", paths);
        Assert.Contains("/api/workflow-instances/{id}/signals/{name}", paths);
        Assert.Contains("/api/attachments", paths);
        Assert.Contains("/api/org/users/{userName}", paths);
        Assert.True(document["paths"]!["/api/workflow-definitions"]!["post"]!["requestBody"] is not null, "creating a definition documents its body");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ApiReference_IsABrowsablePage_WithoutSigningIn(Provider provider)
    {
        var client = shared.For(provider).CreateClient();

        var page = await client.GetAsync("/api-docs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"url\":\"openapi/v1.json\"", await page.Content.ReadAsStringAsync());
        var script = await client.GetAsync(new Uri(page.RequestMessage!.RequestUri!, "scalar.js"));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
