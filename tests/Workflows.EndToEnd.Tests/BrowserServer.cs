using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

/// <summary>
/// The real server on a real port (Kestrel, a SQLite file of its own, Development so the demo organisation and the
/// shipped procedures are there) and Debian's Chromium driven by Playwright. One per test class.
/// </summary>
public sealed class BrowserServer : IAsyncLifetime
{
    public const string ChromiumVariable = "WORKFLOWS_TEST_CHROMIUM";
    public const string DemoPassword = "Demo@12345";
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly string _folder = Directory.CreateTempSubdirectory("workflows-e2e-").FullName;
    private readonly CircuitInbound? _inbound;
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserServer() : this(null)
    {
    }

    /// <param name="inbound">When set, counts (and may hold) every message from a browser to the circuits.</param>
    internal BrowserServer(CircuitInbound? inbound) => _inbound = inbound;

    public static string? Chromium => Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : null;

    /// <summary>Skips the calling test with a one-line reason when no browser is configured.</summary>
    public static void SkipUnlessBrowser() =>
        Skip.If(Chromium is null, $"browser tests need {ChromiumVariable} (the path to Chromium, e.g. /usr/bin/chromium); .ci/run sets it");

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("no browser: check SkipUnlessBrowser first");

    public static string OutputFolder { get; } = FindOutputFolder();

    public async Task InitializeAsync()
    {
        if (Chromium is null)
        {
            return;
        }
        var connection = $"Data Source={Path.Combine(_folder, "workflows.db")}";
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Workflows:Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Workflows", connection);
            builder.UseSetting("Workflows:Auth:SigningKey", "e2e-signing-key-that-is-long-enough-0123456789");
            // No SMTP server here: e-mails are written as .eml files, into this server's own folder.
            builder.UseSetting("Workflows:Email:MailFolder", Path.Combine(_folder, "mail"));
            // Any free loopback port: several suites may run at once on one machine.
            builder.UseSetting("urls", "http://127.0.0.1:0");
            if (_inbound is { } inbound)
            {
                builder.ConfigureServices(services => services.AddScoped<CircuitHandler>(_ => inbound));
            }
        });
        _factory.UseKestrel();
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
    }

    /// <summary>A fresh browser context signed in through the login page.</summary>
    public async Task<IPage> SignInAsync(string userName = "designer", string password = DemoPassword)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/designer");
        for (var attempt = 1; ; attempt++)
        {
            await page.FillAsync("#userName", userName);
            await page.FillAsync("#password", password);
            await page.ClickAsync("[data-testid=login-submit]");
            try
            {
                await page.WaitForURLAsync(url => url.Contains("/designer"), new() { Timeout = 20_000 });
                return page;
            }
            // Once in a fresh-clone CI run (2026-12-07) the browser was still on the login page 30 s after the click,
            // with nothing else pending. The form is sent once more; a second miss fails with what the page shows.
            catch (TimeoutException) when (attempt == 1 && new Uri(page.Url).AbsolutePath == "/login")
            {
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"signing in as {userName} left the browser at {page.Url}: {await page.InnerTextAsync("body")}", ex);
            }
        }
    }

    public async Task<HttpClient> ApiAsync(string userName, string password = DemoPassword)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(OutputFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(OutputFolder, $"{name}.png"), FullPage = true });
    }

    /// <summary>The repository's folder (the one with Workflows.sln), for the shipped procedures and test-output/.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Workflows.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Workflows.sln not found above the test output");
    }

    private static string FindOutputFolder() => Path.Combine(RepositoryRoot(), "test-output", "e2e");

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle can outlive the host for a moment; the temp folder is then left to the OS.
        }
    }

    private sealed record TokenBody(string AccessToken);
}
