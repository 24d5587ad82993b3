using System.Net;

namespace Workflows.Server.Tests.Hosting;

/// <summary>An unreadable body is a 400 that says what is wrong and where, on every endpoint that reads JSON.</summary>
public sealed class MalformedJsonTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Truncated = "{\n  \"name\": \"x\",\n  \"code\": ";

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TruncatedJson_ReturnsBadRequest_NamingTheLineAndPosition(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var instanceId = await admin.StartAsync(await PublishedSignalAsync(server));
        var answers = new[]
        {
            await server.CreateClient().PostJsonAsync("/api/auth/token", Truncated),
            await admin.PostJsonAsync("/api/workflow-instances", Truncated),
            await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/withdraw", Truncated),
            await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/cancel", Truncated),
            await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/signals/go", Truncated),
            await admin.PostJsonAsync("/api/org/departments", Truncated),
            await admin.PostJsonAsync("/api/org/roles", Truncated),
            await admin.PostJsonAsync("/api/org/users", Truncated),
            await admin.PutJsonAsync("/api/org/users/drafter", Truncated),
        };

        foreach (var answer in answers)
        {
            var problem = await answer.ExpectProblemAsync(HttpStatusCode.BadRequest, "LineNumber: 2", "BytePositionInLine");
            Assert.Contains("JSON", (string)problem["detail"]!);
        }
        Assert.Equal("Running", (string)(await (await admin.GetAsync($"/api/workflow-instances/{instanceId}")).ExpectAsync(HttpStatusCode.OK))["status"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TruncatedDefinition_ReturnsBadRequest_NamingTheLineAndColumn(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");
        var id = Api.NewId("leave");
        await (await designer.PostJsonAsync("/api/workflow-definitions", Flows.Approval(id))).ExpectAsync(HttpStatusCode.Created);
        const string definition = "{\n  \"definitionId\": \"x\",\n  \"name\": ";

        var answers = new[]
        {
            await designer.PostJsonAsync("/api/workflow-definitions", definition),
            await designer.PutJsonAsync($"/api/workflow-definitions/{id}", definition),
            await designer.PostJsonAsync("/api/workflow-definitions/validate", definition),
            await designer.PostJsonAsync("/api/workflow-definitions/import", definition),
        };

        foreach (var answer in answers)
        {
            await answer.ExpectProblemAsync(HttpStatusCode.BadRequest, "InvalidDefinition", "not a valid workflow definition at line 3");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task JsonOfTheWrongShape_ReturnsBadRequest_NamingTheProperty(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");

        var token = await server.CreateClient().PostJsonAsync("/api/auth/token", """{ "userName": 5, "password": "x" }""");
        var start = await admin.PostJsonAsync("/api/workflow-instances", """{ "definitionId": "x", "input": [1, 2] }""");
        var user = await admin.PostJsonAsync("/api/org/users", """{ "userName": "x", "roles": "drafter" }""");
        var definition = await admin.PostJsonAsync("/api/workflow-definitions", """{ "definitionId": "x", "name": "x", "root": { "activities": {} } }""");

        await token.ExpectProblemAsync(HttpStatusCode.BadRequest, "$.userName");
        await start.ExpectProblemAsync(HttpStatusCode.BadRequest, "$.input");
        await user.ExpectProblemAsync(HttpStatusCode.BadRequest, "$.roles");
        await definition.ExpectProblemAsync(HttpStatusCode.BadRequest, "'root.activities' must be a list");
    }

    private static async Task<string> PublishedSignalAsync(ServerFactory server)
    {
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        return id;
    }
}
