using System.Net;
using System.Net.Http.Headers;

namespace Workflows.Server.Tests.Auth;

public sealed class AuthApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Token = "/api/auth/token";

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Token_ForGoodCredentials_IsABearerTokenThatOpensTheApi(Provider provider)
    {
        var server = shared.For(provider);
        var client = server.CreateClient();

        var token = await (await client.PostJsonAsync(Token, """{ "userName": "drafter", "password": "Demo@12345" }""")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal(("Bearer", 8 * 3600), ((string)token["tokenType"]!, (int)token["expiresIn"]!));
        await (await client.GetAsync("/api/org/roles")).ExpectAsync(HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["accessToken"]!);
        await (await client.GetAsync("/api/org/roles")).ExpectAsync(HttpStatusCode.OK);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Token_ReturnsUnauthorized_AlikeForAWrongPasswordAndAnUnknownUser(Provider provider)
    {
        var (userName, _) = await shared.For(provider).NewUserAsync();
        var client = shared.For(provider).CreateClient();

        var wrongPassword = await client.PostJsonAsync(Token, $$"""{ "userName": "{{userName}}", "password": "not-the-password" }""");
        var unknownUser = await client.PostJsonAsync(Token, $$"""{ "userName": "{{Api.NewId("nobody")}}", "password": "{{Setup.UserPassword}}" }""");

        var first = await wrongPassword.ExpectProblemAsync(HttpStatusCode.Unauthorized, "wrong user name or password");
        var second = await unknownUser.ExpectProblemAsync(HttpStatusCode.Unauthorized, "wrong user name or password");
        Assert.Equal((string?)first["detail"], (string?)second["detail"]);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Token_ReturnsValidationProblem_NamingAMissingUserNameOrPassword(Provider provider)
    {
        var client = shared.For(provider).CreateClient();

        var problem = await (await client.PostJsonAsync(Token, """{ "userName": " " }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["userName is required"], problem.ErrorsFor("userName"));
        Assert.Equal(["password is required"], problem.ErrorsFor("password"));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Token_IsRefusedEvenForTheRightPassword_AfterFiveFailedLogins(Provider provider)
    {
        var (userName, _) = await shared.For(provider).NewUserAsync();
        var client = shared.For(provider).CreateClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await (await client.PostJsonAsync(Token, $$"""{ "userName": "{{userName}}", "password": "guess-{{attempt}}" }"""))
                .ExpectProblemAsync(HttpStatusCode.Unauthorized, "wrong user name or password");
        }

        var fifth = await client.PostJsonAsync(Token, $$"""{ "userName": "{{userName}}", "password": "guess-5" }""");
        var right = await client.PostJsonAsync(Token, $$"""{ "userName": "{{userName}}", "password": "{{Setup.UserPassword}}" }""");

        await fifth.ExpectProblemAsync(HttpStatusCode.Unauthorized, "locked");
        await right.ExpectProblemAsync(HttpStatusCode.Unauthorized, "the account is locked after repeated failed logins until");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task FailedLogins_AreForgotten_AfterASuccessfulOne(Provider provider)
    {
        var (userName, _) = await shared.For(provider).NewUserAsync();
        var client = shared.For(provider).CreateClient();
        for (var round = 0; round < 2; round++)
        {
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                await (await client.PostJsonAsync(Token, $$"""{ "userName": "{{userName}}", "password": "guess-{{attempt}}" }""")).ExpectAsync(HttpStatusCode.Unauthorized);
            }
            await (await client.PostJsonAsync(Token, $$"""{ "userName": "{{userName}}", "password": "{{Setup.UserPassword}}" }""")).ExpectAsync(HttpStatusCode.OK);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AForgedOrGarbledToken_IsUnauthorized(Provider provider)
    {
        var server = shared.For(provider);
        var valid = (await server.ClientForAsync("admin")).DefaultRequestHeaders.Authorization!.Parameter!;
        var client = server.CreateClient();

        foreach (var token in new[] { "not-a-token", valid[..^4] + "AAAA", valid.Replace('.', '!') })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await (await client.GetAsync("/api/org/roles")).ExpectAsync(HttpStatusCode.Unauthorized);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TheTokenOfARemovedUser_StopsWorking(Provider provider)
    {
        var server = shared.For(provider);
        var (userName, client) = await server.NewUserAsync();
        await (await client.GetAsync("/api/org/roles")).ExpectAsync(HttpStatusCode.OK);

        await (await (await server.ClientForAsync("admin")).DeleteAsync($"/api/org/users/{userName}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await client.GetAsync("/api/org/roles")).ExpectAsync(HttpStatusCode.Unauthorized);
    }
}
