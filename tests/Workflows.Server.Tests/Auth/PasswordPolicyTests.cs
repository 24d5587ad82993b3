using System.Net;
using System.Text.Json.Nodes;

namespace Workflows.Server.Tests.Auth;

/// <summary>Issue 14, passwords: the policy names the broken rule; a password the administrator set must be changed first.</summary>
public sealed class PasswordPolicyTests : IAsyncLifetime
{
    // Its own server: the forced change is on here, as it is by default outside the tests.
    private readonly ServerFactory _server = new() { Settings = { ["Workflows:Auth:RequirePasswordChange"] = "true" } };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> CreateAsync(string password)
    {
        var userName = Api.NewId("pw");
        var admin = await _server.ClientForAsync("admin");
        var body = new JsonObject { ["userName"] = userName, ["displayName"] = "测试", ["password"] = password };
        await (await admin.PostJsonAsync("/api/org/users", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
        return userName;
    }

    [Theory]
    [InlineData("Ab1!", "PasswordMinLength")]
    [InlineData("alllowercase", "PasswordCharacterClasses")]
    [InlineData("lowerandUPPER", "PasswordCharacterClasses")]
    public async Task AWeakPassword_IsRefusedWith400NamingTheRule(string password, string rule)
    {
        var admin = await _server.ClientForAsync("admin");
        var body = new JsonObject { ["userName"] = Api.NewId("weak"), ["displayName"] = "测试", ["password"] = password };

        var problem = await (await admin.PostJsonAsync("/api/org/users", body.ToJsonString())).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(problem.ErrorsFor("password"), e => e.Contains(rule, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWeakReset_IsRefused_AndTheOldPasswordStillWorks()
    {
        var userName = await CreateAsync("Initial-Pa55");
        var admin = await _server.ClientForAsync("admin");

        var problem = await (await admin.PutJsonAsync($"/api/org/users/{userName}", """{ "password": "short" }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(problem.ErrorsFor("password"), e => e.Contains("PasswordMinLength", StringComparison.Ordinal));
        await (await _server.PostTokenFromAsync("192.0.2.10", userName, "Initial-Pa55")).ExpectProblemAsync(HttpStatusCode.Forbidden, "PasswordChangeRequired");
    }

    [Fact]
    public async Task APasswordTheAdministratorSet_Gets403_UntilANewOneIsChosen()
    {
        var userName = await CreateAsync("Initial-Pa55");

        var refused = await (await _server.PostTokenFromAsync("192.0.2.11", userName, "Initial-Pa55")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var weakChoice = await (await _server.PostTokenFromAsync("192.0.2.11", userName, "Initial-Pa55", "weak")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var changed = await (await _server.PostTokenFromAsync("192.0.2.11", userName, "Initial-Pa55", "Chosen-By-Me-1")).ExpectObjectAsync(HttpStatusCode.OK);
        var later = await _server.PostTokenFromAsync("192.0.2.11", userName, "Chosen-By-Me-1");

        Assert.Equal("PasswordChangeRequired", (string?)refused["code"]);
        Assert.NotEmpty(weakChoice.ErrorsFor("newPassword"));
        Assert.False(string.IsNullOrEmpty((string?)changed["accessToken"]));
        await later.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheUi_SendsThePersonToChooseAPassword_ThenSignsThemIn()
    {
        var userName = await CreateAsync("Initial-Pa55");
        var browser = _server.NewBrowser();

        var sentTo = await browser.SignInAsync(userName, "Initial-Pa55");
        await (await browser.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.Unauthorized);
        var token = await browser.AntiforgeryTokenAsync(sentTo);
        var changed = await browser.PostAsync("/account/change-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = userName,
            ["password"] = "Initial-Pa55",
            ["newPassword"] = "Chosen-By-Me-1",
            ["returnUrl"] = "/",
        }));

        Assert.StartsWith("/account/change-password?userName=", sentTo);
        Assert.Equal("/", changed.Headers.Location?.OriginalString);
        await (await browser.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.OK);
    }
}
