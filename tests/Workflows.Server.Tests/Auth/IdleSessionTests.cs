using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Workflows.Server.Tests.Auth;

/// <summary>
/// A UI session ends after <c>Workflows:Auth:IdleTimeout</c> without a request, and each request keeps it alive.
/// Only the sign-in cookie's clock is simulated; the server runs as always.
/// </summary>
public sealed class IdleSessionTests
{
    private const string SignedInOnly = "/api/workflow-definitions";

    [Theory]
    [InlineData(null, 30)]
    [InlineData("00:10:00", 10)]
    public async Task AUiSession_EndsAfterTheIdleTimeout_ButNotWhileUsed(string? configured, int minutes)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new ServerFactory
        {
            TestServices = s => s.Configure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o => o.TimeProvider = clock),
        };
        if (configured is not null)
        {
            server.Settings["Workflows:Auth:IdleTimeout"] = configured;
        }
        var idle = TimeSpan.FromMinutes(minutes);
        var (designer, _) = await server.NewUserAsync("designer");
        var browser = server.NewBrowser();
        Assert.Equal("/", await browser.SignInAsync(designer, Setup.UserPassword));

        // In use: a request every two thirds of the timeout, for three timeouts.
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(idle * 2 / 3);
            await (await browser.GetAsync(SignedInOnly)).ExpectAsync(HttpStatusCode.OK);
        }

        // Left alone for longer than the timeout.
        clock.Advance(idle + TimeSpan.FromMinutes(1));
        await (await browser.GetAsync(SignedInOnly)).ExpectAsync(HttpStatusCode.Unauthorized);
    }
}
