using System.Net;
using System.Text.RegularExpressions;

namespace Workflows.Server.Tests.Auth;

/// <summary>Issue 14: the UI's cookie keys are in the database, so a session survives a restart and works on every node.</summary>
public sealed partial class DataProtectionKeyTests
{
    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AUiCookieFromOneServer_WorksOnTheNextServerOnTheSameDatabase(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        await using var database = new ServerFactory(provider);
        var cookie = await SignInAsync(database, "drafter", ServerFactory.DemoPassword);
        var before = await GetTasksAsync(database, cookie);
        // Another process on the same database: as after a restart, or the next node behind a load balancer.
        await using var other = new ServerFactory(database);

        var after = await GetTasksAsync(other, cookie);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (before, after));
    }

    private static async Task<HttpStatusCode> GetTasksAsync(ServerFactory server, string cookie)
    {
        var client = server.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    /// <summary>The sign-in form by hand, so the identity cookie can be carried to another server.</summary>
    private static async Task<string> SignInAsync(ServerFactory server, string userName, string password)
    {
        var client = server.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/login");
        var antiforgeryCookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = WebUtility.HtmlDecode(Value().Match(Input().Match(await page.Content.ReadAsStringAsync()).Value).Groups[1].Value);
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["userName"] = userName,
                ["password"] = password,
                ["returnUrl"] = "/",
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        var signedIn = await client.SendAsync(post);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        return signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(".Workflows.Identity=", StringComparison.Ordinal));
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex Value();
}
