using System.Net;
using System.Net.Http.Headers;

namespace Workflows.Server.Tests.Auth;

/// <summary>Issue 14, defect 1: tokens and cookies stop working when the person's rights change or they sign out.</summary>
public sealed class SessionRevocationTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string DesignerOnly = "/api/workflow-definitions";

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ABearerToken_StopsWorking_WhenTheRoleIsRemoved(Provider provider)
    {
        var server = shared.For(provider);
        var (userName, designer) = await server.NewUserAsync("designer");
        await (await designer.GetAsync(DesignerOnly)).ExpectAsync(HttpStatusCode.OK);

        await ChangeAsync(server, userName, """{ "roles": [] }""");

        await (await designer.GetAsync(DesignerOnly)).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ABearerToken_StopsWorking_WhenThePasswordIsReset(Provider provider)
    {
        var server = shared.For(provider);
        var (userName, client) = await server.NewUserAsync();

        await ChangeAsync(server, userName, """{ "password": "Another-Pa55" }""");

        await (await client.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.Unauthorized);
        await server.ClientForAsync(userName, "Another-Pa55");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ADisabledPerson_IsKeptButCannotSignIn_UntilEnabledAgain(Provider provider)
    {
        var server = shared.For(provider);
        var (userName, client) = await server.NewUserAsync();

        var disabled = await ChangeAsync(server, userName, """{ "disabled": true }""");
        await (await client.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await server.CreateClient().PostJsonAsync("/api/auth/token", $$"""{ "userName": "{{userName}}", "password": "{{Setup.UserPassword}}" }"""))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "the account is disabled");
        var listed = await (await (await server.ClientForAsync("admin")).GetAsync("/api/org/users")).ExpectAsync(HttpStatusCode.OK);
        await ChangeAsync(server, userName, """{ "disabled": false }""");

        Assert.True((bool)disabled["disabled"]!);
        Assert.Contains(listed.AsArray(), u => (string?)u!["userName"] == userName && (bool)u["disabled"]!);
        await server.ClientForAsync(userName, Setup.UserPassword);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AnAdministrator_CannotDisableThemselves(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");

        var problem = await (await admin.PutJsonAsync("/api/org/users/admin", """{ "disabled": true }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["you cannot disable your own account"], problem.ErrorsFor("disabled"));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task SigningOut_EndsEveryTokenOfThePerson(Provider provider)
    {
        var server = shared.For(provider);
        var (userName, first) = await server.NewUserAsync();
        var second = await server.ClientForAsync(userName, Setup.UserPassword);

        await (await first.PostAsync("/api/auth/sign-out", null)).ExpectAsync(HttpStatusCode.NoContent);

        await (await first.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await second.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AUiCookie_StopsWorking_WhenThePersonIsDisabledOrLosesARole(Provider provider)
    {
        var server = shared.For(provider);
        var (disabledOne, _) = await server.NewUserAsync("designer");
        var (demotedOne, _) = await server.NewUserAsync("designer");
        var browsers = new[] { server.NewBrowser(), server.NewBrowser() };
        Assert.Equal("/", await browsers[0].SignInAsync(disabledOne, Setup.UserPassword));
        Assert.Equal("/", await browsers[1].SignInAsync(demotedOne, Setup.UserPassword));
        foreach (var browser in browsers)
        {
            await (await browser.GetAsync(DesignerOnly)).ExpectAsync(HttpStatusCode.OK);
        }

        await ChangeAsync(server, disabledOne, """{ "disabled": true }""");
        await ChangeAsync(server, demotedOne, """{ "roles": [] }""");

        foreach (var browser in browsers)
        {
            await (await browser.GetAsync(DesignerOnly)).ExpectAsync(HttpStatusCode.Unauthorized);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task UiSignOut_RequiresTheAntiforgeryToken_AndEndsTheSession(Provider provider)
    {
        var server = shared.For(provider);
        var (userName, _) = await server.NewUserAsync();
        var browser = server.NewBrowser();
        await browser.SignInAsync(userName, Setup.UserPassword);

        var forged = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        await (await browser.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.OK);
        // The sign-in page, fetched while signed in, carries a token for this person, as the layout's sign-out form does.
        var token = await browser.AntiforgeryTokenAsync("/login");
        var real = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        await (await browser.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> ChangeAsync(ServerFactory server, string userName, string body)
    {
        var admin = await server.ClientForAsync("admin");
        return await (await admin.PutJsonAsync($"/api/org/users/{userName}", body)).ExpectObjectAsync(HttpStatusCode.OK);
    }
}
