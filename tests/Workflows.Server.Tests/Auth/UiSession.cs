using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Workflows.Server.Tests.Auth;

/// <summary>A browser-like client of the UI's form endpoints: it keeps cookies and posts the page's antiforgery token.</summary>
public static partial class UiSession
{
    public static HttpClient NewBrowser(this ServerFactory server) =>
        server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the sign-in page's form; returns where the server sent the browser.</summary>
    public static async Task<string> SignInAsync(this HttpClient browser, string userName, string password)
    {
        var token = await AntiforgeryTokenAsync(browser, "/login");
        var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    public static async Task<string> AntiforgeryTokenAsync(this HttpClient browser, string page)
    {
        var html = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        var input = TokenInput().Match(html);
        Assert.True(input.Success, $"no antiforgery token on {page}");
        return WebUtility.HtmlDecode(ValueAttribute().Match(input.Value).Groups[1].Value);
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex TokenInput();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex ValueAttribute();
}
