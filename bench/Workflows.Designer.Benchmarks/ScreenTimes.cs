using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Workflows.Designer.Benchmarks;

/// <summary>
/// The work pages as a clerk sees them, in Chromium against a server already running (on a seeded database): for each
/// person and page, the time from asking for the page inside the app (as a link in the side menu does) to the last
/// change of the page, once it has stayed still for 0.7 s with no progress bar showing. A page may end with a click
/// (<c>/inbox|css</c>: a tab), timed from the click. <c>{task}</c> and <c>{matter}</c> stand for the person's first
/// task in 待办 and its matter.
/// Usage: screens --url URL [--samples N] [--chromium PATH] --as USER PASSWORD PAGE... [--as USER PASSWORD PAGE...]
/// </summary>
public static class ScreenTimes
{
    private static readonly TimeSpan Still = TimeSpan.FromMilliseconds(700);

    public static async Task RunAsync(string[] args, string chromium)
    {
        var url = Value(args, "--url") ?? throw new ArgumentException("screens needs --url of a running server");
        var samples = int.Parse(Value(args, "--samples") ?? "7", CultureInfo.InvariantCulture);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        Console.WriteLine($"{"person",-20} {"page",-44} {"first",7} {"median",7} {"max",7}  ms, {samples} samples");
        for (var i = Array.IndexOf(args, "--as"); i >= 0; i = Array.IndexOf(args, "--as", i + 1))
        {
            var (user, password) = (args[i + 1], args[i + 2]);
            var pages = args.Skip(i + 3).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            await WalkAsync(browser, url, user, password, await PlaceholdersAsync(url, user, password, pages), samples);
        }
    }

    private static async Task WalkAsync(IBrowser browser, string url, string user, string password, IReadOnlyList<string> pages, int samples)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = url, ViewportSize = new() { Width = 1400, Height = 900 }, Locale = "zh-CN", BypassCSP = true });
        // The last change to the page, on the wall clock so that it survives a page loaded afresh; a tab's ripple fading
        // out after a click is not the page changing.
        await context.AddInitScriptAsync("""
            window.__changed = performance.timeOrigin + performance.now();
            new MutationObserver(records => {
                if (records.some(r => !(r.type === 'childList' && r.target.classList && r.target.classList.contains('mud-tab'))))
                    window.__changed = performance.timeOrigin + performance.now();
            }).observe(document, { childList: true, subtree: true, characterData: true });
            """);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, e) => problems.Add(e);
        page.Response += (_, r) => { if (r.Status >= 500) problems.Add($"{r.Status} {r.Url}"); };
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal), new() { Timeout = 30_000 });
        await StillAsync(page, Stopwatch.GetTimestamp());
        foreach (var step in pages)
        {
            var (path, click) = step.Split('|') is [var p, var c] ? (p, c) : (step, null);
            var times = new List<double>();
            for (var sample = 0; sample < samples; sample++)
            {
                // From another page each time, so that the page is built anew.
                await page.EvaluateAsync("p => Blazor.navigateTo(p)", "/start");
                await StillAsync(page, Stopwatch.GetTimestamp());
                var asked = Stopwatch.GetTimestamp();
                await page.EvaluateAsync("p => Blazor.navigateTo(p)", path);
                await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == path, new() { Timeout = 30_000, WaitUntil = WaitUntilState.Commit });
                if (click is not null)
                {
                    await page.WaitForSelectorAsync(click, new() { Timeout = 30_000 });
                    await StillAsync(page, Stopwatch.GetTimestamp());
                    asked = Stopwatch.GetTimestamp();
                    await page.ClickAsync(click);
                }
                times.Add(await StillAsync(page, asked));
            }
            var sorted = times.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{user,-20} {(step.Length > 44 ? step[..44] : step),-44} {times[0],7:F0} {sorted[sorted.Count / 2],7:F0} {sorted[^1],7:F0}"));
        }
        foreach (var problem in problems.Distinct())
        {
            Console.WriteLine($"  ! {user}: {problem}");
        }
        await context.CloseAsync();
    }

    /// <summary>Milliseconds from <paramref name="asked"/> to the page's last change, once it has been still long enough.</summary>
    private static async Task<double> StillAsync(IPage page, long asked)
    {
        var start = await page.EvaluateAsync<double>("performance.timeOrigin + performance.now()") - Stopwatch.GetElapsedTime(asked).TotalMilliseconds;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
            var (now, changed, busy) = await page.EvaluateAsync<double[]>("""
                [performance.timeOrigin + performance.now(), window.__changed,
                 document.querySelector('.mud-progress-circular, .mud-progress-linear, .mud-skeleton') ? 1 : 0]
                """) is [var n, var c, var b] ? (n, c, b) : default;
            // A page that did not change at all (the same as before) counts as soon as it is still.
            if (now - changed > Still.TotalMilliseconds && busy == 0 && (changed > start || waited.Elapsed > TimeSpan.FromSeconds(5)))
            {
                return Math.Max(0, changed - start);
            }
        }
        throw new TimeoutException($"{page.Url} did not settle within a minute");
    }

    private static async Task<IReadOnlyList<string>> PlaceholdersAsync(string url, string user, string password, List<string> pages)
    {
        if (!pages.Any(p => p.Contains("{task}", StringComparison.Ordinal) || p.Contains("{matter}", StringComparison.Ordinal)))
        {
            return pages;
        }
        using var api = new HttpClient { BaseAddress = new Uri(url) };
        var token = await (await api.PostAsJsonAsync("/api/auth/token", new { userName = user, password })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token!["accessToken"]!);
        var first = (await api.GetFromJsonAsync<JsonObject>("/api/tasks?scope=mine&pageSize=1"))!["items"]!.AsArray().FirstOrDefault()
            ?? throw new InvalidOperationException($"{user} has no task in 待办 for {{task}} and {{matter}}");
        return [.. pages.Select(p => p.Replace("{task}", (string)first["id"]!, StringComparison.Ordinal).Replace("{matter}", (string)first["instanceId"]!, StringComparison.Ordinal))];
    }

    private static string? Value(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
