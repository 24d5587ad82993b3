using System.Net;
using System.Net.Http.Headers;

namespace Workflows.Server.Tests.Definitions;

/// <summary>Two designers editing one draft: the one who saves second, from an older load, must not overwrite the first.</summary>
public sealed class DraftConcurrencyTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task SaveDraft_FromAnOlderLoad_ReturnsConflict_WhenIfMatchIsSent(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var definitionId = Api.NewId("etag");
        await (await designer.PostJsonAsync("/api/workflow-definitions", Flows.Approval(definitionId))).ExpectAsync(HttpStatusCode.Created);
        var loaded = await designer.GetAsync($"/api/workflow-definitions/{definitionId}");
        var tag = loaded.Headers.ETag;
        Assert.NotNull(tag);

        var first = await PutAsync(designer, definitionId, "第一个设计者", tag!);
        var second = await PutAsync(designer, definitionId, "第二个设计者", tag!);

        await first.ExpectAsync(HttpStatusCode.OK);
        await second.ExpectProblemAsync(HttpStatusCode.Conflict, "reload");
        var stored = await (await designer.GetAsync($"/api/workflow-definitions/{definitionId}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("第一个设计者", (string)stored["name"]!);
        var fresh = await PutAsync(designer, definitionId, "重新加载后", first.Headers.ETag!);
        await fresh.ExpectAsync(HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string definitionId, string name, EntityTagHeaderValue tag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/workflow-definitions/{definitionId}")
        {
            Content = Api.Json(Flows.Approval(definitionId, name)),
        };
        request.Headers.IfMatch.Add(tag);
        return client.SendAsync(request);
    }
}
