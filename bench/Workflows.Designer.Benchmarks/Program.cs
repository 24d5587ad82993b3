using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Workflows.Designer.Benchmarks;

/// <summary>
/// The designer on a large workflow, in Debian's Chromium against the real server on loopback.
/// open: navigation start → every node and every link drawn (performance.now() in the page);
/// drag: a pointer move over the canvas → the dragged node and its links at their new place in the DOM, and the server's render.
/// Usage: dotnet run -c Release --project bench/Workflows.Designer.Benchmarks -- [--opens N] [--steps N] [--chromium PATH]
/// With <c>screens</c> first, times the work pages of a running server instead (<see cref="ScreenTimes"/>).
/// </summary>
public static class DesignerBenchmark
{
    public static async Task Main(string[] args)
    {
        var opens = IntArg(args, "--opens", 10);
        var steps = IntArg(args, "--steps", 100);
        var chromium = StringArg(args, "--chromium") ?? Environment.GetEnvironmentVariable("WORKFLOWS_TEST_CHROMIUM") ?? "/usr/bin/chromium";
        if (args is ["screens", ..])
        {
            await ScreenTimes.RunAsync(args, chromium);
            return;
        }

        var folder = Directory.CreateTempSubdirectory("workflows-designer-bench-").FullName;
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseContentRoot(Path.Combine(RepositoryRoot(), "src", "Workflows.Server"));
            b.UseEnvironment("Development");
            b.UseSetting("Workflows:Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Workflows", $"Data Source={Path.Combine(folder, "bench.db")}");
            b.UseSetting("Workflows:Auth:SigningKey", "bench-signing-key-that-is-long-enough-0123456789");
            b.UseSetting("urls", "http://127.0.0.1:0");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        factory.UseKestrel();
        factory.StartServer();
        var baseAddress = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using (var api = new HttpClient { BaseAddress = new Uri(baseAddress) })
        {
            var token = await (await api.PostAsJsonAsync("/api/auth/token", new { userName = "designer", password = "Demo@12345" })).Content.ReadFromJsonAsync<TokenBody>();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
            var created = await api.PostAsync("/api/workflow-definitions", new StringContent(LargeDefinition.Json(), System.Text.Encoding.UTF8, "application/json"));
            created.EnsureSuccessStatusCode();
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        // The page's Content Security Policy forbids eval, which Playwright's WaitForFunction uses to poll.
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress, ViewportSize = new() { Width = 1600, Height = 1000 }, BypassCSP = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", "designer");
        await page.FillAsync("#password", "Demo@12345");
        await page.ClickAsync("[data-testid=login-submit]");
        // Signing in without a return address lands on the inbox.
        await page.WaitForURLAsync(url => !url.Contains("/login"));

        // Runs in every document before its scripts: notes when the whole diagram is drawn, in ms since navigation start.
        await page.AddInitScriptAsync($$"""
            window.__drawn = null;
            (function poll() {
                const nodes = document.querySelectorAll('.activity-node').length;
                let links = 0;
                for (const g of document.querySelectorAll('g.diagram-link')) {
                    const path = g.querySelector('path');
                    if (path && (path.getAttribute('d') || '').length > 0) links++;
                }
                if (nodes >= {{LargeDefinition.Activities}} && links >= {{LargeDefinition.Connections}}) { window.__drawn = performance.now(); return; }
                requestAnimationFrame(poll);
            })();
            """);

        // Circuit messages (SignalR frames) each way while a page is open: every JS interop call the server makes is a
        // message to the browser and its answer one back, so these count the round trips an open costs.
        var (toBrowser, toServer) = (0, 0);
        page.WebSocket += (_, socket) =>
        {
            socket.FrameReceived += (_, _) => Interlocked.Increment(ref toBrowser);
            socket.FrameSent += (_, _) => Interlocked.Increment(ref toServer);
        };
        var openTimes = new List<double>();
        var framesToBrowser = new List<double>();
        var framesToServer = new List<double>();
        for (var i = 0; i <= opens; i++)
        {
            (toBrowser, toServer) = (0, 0);
            await page.GotoAsync($"/designer/{LargeDefinition.Id}");
            await page.WaitForFunctionAsync("window.__drawn !== null", null, new() { Timeout = 60000 });
            var drawn = await page.EvaluateAsync<double>("window.__drawn");
            // Whatever the open still sends once drawn (the last measurements, acknowledgements) belongs to it too.
            await Task.Delay(1000);
            if (i > 0)
            {
                // The first open warms the server's JIT and the browser's caches; it is reported apart.
                openTimes.Add(drawn);
                framesToBrowser.Add(toBrowser);
                framesToServer.Add(toServer);
            }
            else
            {
                Console.WriteLine($"first (cold) open: {drawn:F0} ms");
            }
        }

        // Drag t12 (in view) one grid step (20 px) at a time, timing each step in the page from the pointermove the
        // browser dispatches to (a) the first style mutation on or in the node, which moves it, (b) the first redraw
        // of a link path, and (c) the server's render moving the node's own element (only Blazor positions it), the
        // full round trip through the circuit. (a) and (b) are (c) unless the page draws them before the server answers.
        await page.EvaluateAsync("""
            () => {
                const node = document.querySelector('[data-activity-id="t12"]').closest('.diagram-node');
                window.__node = node;
                window.__move = 0;
                window.__nodeMoved = 0;
                window.__linksMoved = 0;
                window.__serverMoved = 0;
                document.addEventListener('pointermove', () => { window.__move = performance.now(); window.__nodeMoved = 0; window.__linksMoved = 0; window.__serverMoved = 0; }, true);
                new MutationObserver(() => window.__nodeMoved ||= performance.now())
                    .observe(node, { attributes: true, attributeFilter: ['style'], subtree: true });
                new MutationObserver(() => window.__serverMoved ||= performance.now())
                    .observe(node, { attributes: true, attributeFilter: ['style'] });
                new MutationObserver(() => window.__linksMoved ||= performance.now())
                    .observe(document.querySelector('.diagram-canvas svg'), { attributes: true, attributeFilter: ['d'], subtree: true });
            }
            """);
        var box = (await page.Locator("[data-activity-id=t12] .node-head").BoundingBoxAsync())!;
        double x = box.X + 20, y = box.Y + box.Height / 2;
        await page.Mouse.MoveAsync((float)x, (float)y);
        await page.Mouse.DownAsync();
        // A person presses, then moves: the selection (and the property panel it opens) is not part of a drag step.
        await Task.Delay(500);
        var nodeLags = new List<double>();
        var linkLags = new List<double>();
        var serverLags = new List<double>();
        var missed = 0;
        for (var i = 0; i < steps; i++)
        {
            var before = await page.EvaluateAsync<string>("window.__node.style.left");
            x += i / 20 % 2 == 0 ? 20 : -20;
            await page.Mouse.MoveAsync((float)x, (float)y);
            try
            {
                await page.WaitForFunctionAsync($"window.__node.style.left !== '{before}' && window.__linksMoved > 0 && window.__serverMoved > 0", null, new() { Timeout = 3000, PollingInterval = 1 });
                var lags = await page.EvaluateAsync<double[]>("[window.__nodeMoved - window.__move, window.__linksMoved - window.__move, window.__serverMoved - window.__move]");
                nodeLags.Add(lags[0]);
                linkLags.Add(lags[1]);
                serverLags.Add(lags[2]);
            }
            catch (TimeoutException)
            {
                missed++;
            }
        }
        await page.Mouse.UpAsync();

        Console.WriteLine($"Large workflow: {LargeDefinition.Activities} activities, {LargeDefinition.Connections} connections; {Environment.ProcessorCount} cores; Chromium {browser.Version}");
        Console.WriteLine();
        Console.WriteLine("| measure | n | median | p95 | max |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Console.WriteLine(Row("open → fully drawn (ms)", openTimes));
        Console.WriteLine(Row("drag step → node moved (ms)", nodeLags));
        Console.WriteLine(Row("drag step → links redrawn (ms)", linkLags));
        Console.WriteLine(Row("drag step → server's render, the circuit round trip (ms)", serverLags));
        Console.WriteLine(Row("open: circuit messages server → browser", framesToBrowser));
        Console.WriteLine(Row("open: circuit messages browser → server", framesToServer));
        if (missed > 0)
        {
            Console.WriteLine($"{missed} drag steps did not move the node within 3 s");
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is then left to the OS.
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Workflows.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("run from inside the repository: Workflows.sln not found");
    }

    private static string Row(string name, List<double> values)
    {
        var sorted = values.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"| {name} | {sorted.Count} | {At(0.5):F1} | {At(0.95):F1} | {sorted[^1]:F1} |");
    }

    private static int IntArg(string[] args, string name, int fallback) => StringArg(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed record TokenBody(string AccessToken);
}
