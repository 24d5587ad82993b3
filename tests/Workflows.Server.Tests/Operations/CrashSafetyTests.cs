using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using netDumbster.smtp;
using Npgsql;

namespace Workflows.Server.Tests.Operations;

/// <summary>
/// The real server as a child process, killed with SIGKILL while workers complete tasks, then started again on the
/// same database: no matter lost, stuck or duplicated (each ends Completed), every task completed once, document numbers without gaps,
/// every e-mail delivered (the few sent twice after the kill counted and bounded).
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Matters = 16;
    private const int Workers = 4;
    private const int KillAfter = 6;

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task KilledUnderLoad_AndRestarted_LosesNothing_AndDuplicatesNothing(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        await using var database = await CrashDatabase.CreateAsync(provider);
        using var smtp = SimpleSmtpServer.Start(FreePort());
        // Kept from the event: the server's own list (ReceivedEmail) is copied without a lock while messages arrive.
        var received = new ConcurrentQueue<string>();
        smtp.MessageReceived += (_, e) => received.Enqueue(e.Message.Data);
        var port = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Workflows__Database__Provider"] = provider.ToString(),
            ["ConnectionStrings__Workflows"] = database.ConnectionString,
            ["Workflows__Admin__UserName"] = "admin",
            ["Workflows__Admin__Password"] = ServerFactory.AdminPassword,
            ["Workflows__SeedDemoOrganisation"] = "true",
            ["Workflows__Auth__SigningKey"] = "crash-test-signing-key-0123456789abcdef",
            ["Workflows__Auth__RequirePasswordChange"] = "false",
            ["Workflows__Smtp__Host"] = "127.0.0.1",
            ["Workflows__Smtp__Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Workflows__Smtp__Security"] = "None",
            ["Workflows__Smtp__From"] = "区政府办公室 <oa@example.gov.cn>",
            ["Workflows__Scheduling__SchedulePollingInterval"] = "00:00:00.25",
            ["Logging__LogLevel__Default"] = "Warning",
            // A message the killed process had claimed is sent again once its lease runs out: short here, 2 min by default.
            ["Workflows__Email__SendingLease"] = "00:00:03",
            // A Hangfire lock the killed process held (PostgreSQL) stops the sweep until it is deemed abandoned: 1 min by default.
            ["Workflows__Scheduling__AbandonedLockAfter"] = "00:00:05",
        };
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var server = await RunningServer.StartAsync(environment, http);
        try
        {
            var admin = await SignInAsync(http, "admin", ServerFactory.AdminPassword);
            var drafter = await SignInAsync(http, "drafter", ServerFactory.DemoPassword);
            var expert1 = await SignInAsync(http, "expert1", ServerFactory.DemoPassword);
            var definitionId = await PublishAsync(http, admin);
            var instances = new List<string>();
            for (var i = 0; i < Matters; i++)
            {
                instances.Add(await StartAsync(http, drafter, definitionId));
            }
            var tasks = new List<string>();
            foreach (var instanceId in instances)
            {
                tasks.Add(await TaskOfAsync(http, expert1, instanceId));
            }

            // Workers complete the tasks; once KillAfter have been answered the server is killed mid-stream and
            // started again, and the workers go on as a person would: retry what got no answer.
            var completed = 0;
            var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var answers = new ConcurrentBag<HttpStatusCode>();
            var work = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                foreach (var taskId in tasks.Where((_, i) => i % Workers == w))
                {
                    var status = await CompleteUntilAnsweredAsync(http, expert1, taskId);
                    answers.Add(status);
                    if (Interlocked.Increment(ref completed) == KillAfter)
                    {
                        killed.TrySetResult();
                    }
                }
            })).ToList();
            await killed.Task.WaitAsync(TimeSpan.FromSeconds(60));
            server.Kill();
            server = await RunningServer.StartAsync(environment, http);
            await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(90));

            // Nothing lost or stuck: every matter finishes; nothing duplicated: its task resumed it exactly once.
            foreach (var instanceId in instances)
            {
                await FinishedAsync(http, admin, instanceId);
                var journal = (await GetAsync(http, admin, $"/api/workflow-instances/{instanceId}/journal")).AsArray();
                Assert.Single(journal, e => (string)e!["event"]! == "ActivityResumed");
            }
            // A retried completion after the kill may be told it is already done (409), never anything else.
            Assert.All(answers, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));

            // One document per matter, numbered 1..Matters without a gap or a repeat.
            var numbers = new List<int>();
            foreach (var instanceId in instances)
            {
                var document = await IssuedDocumentAsync(http, admin, instanceId);
                numbers.Add(int.Parse(document[(document.IndexOf('〕') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
            }
            Assert.Equal(Enumerable.Range(1, Matters), numbers.Order());

            // Every e-mail of the last step delivered; the ones sent twice because of the kill share a Message-ID.
            var deliveries = await WaitForMailAsync(received, Matters);
            var distinct = deliveries.Select(m => m.MessageId).Distinct().Count();
            Assert.True(distinct == Matters, $"{distinct} of {Matters} e-mails delivered; the restarted server wrote:\n{server.Output}");
            Assert.True(deliveries.Count - distinct <= Workers, $"{deliveries.Count - distinct} e-mails delivered twice; at most one per message in flight at the kill is expected");
        }
        finally
        {
            server.Kill();
        }
    }

    private static async Task<HttpStatusCode> CompleteUntilAnsweredAsync(HttpClient http, string token, string taskId)
    {
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{taskId}/complete")
                {
                    Content = new StringContent("""{ "outcome": "approve", "data": { "opinion": "同意" } }""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request);
                if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway))
                {
                    return response.StatusCode;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && giveUp.Elapsed < TimeSpan.FromSeconds(60))
            {
                // The server is down or starting again.
            }
            await Task.Delay(100);
        }
    }

    private static async Task FinishedAsync(HttpClient http, string token, string instanceId)
    {
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            var instance = await GetAsync(http, token, $"/api/workflow-instances/{instanceId}");
            if ((string?)instance["status"] == "Completed")
            {
                return;
            }
            Assert.Equal("Running", (string?)instance["status"]);
            Assert.True(giveUp.Elapsed < TimeSpan.FromSeconds(60), $"matter {instanceId} is stuck: {instance["status"]}");
            await Task.Delay(200);
        }
    }

    private static async Task<string> IssuedDocumentAsync(HttpClient http, string token, string instanceId)
    {
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            var documents = (await GetAsync(http, token, $"/api/workflow-instances/{instanceId}/documents")).AsArray()
                .Where(d => (string?)d!["state"] != "Draft").ToList();
            if (documents.Count > 0)
            {
                return (string)Assert.Single(documents)!["number"]!;
            }
            Assert.True(giveUp.Elapsed < TimeSpan.FromSeconds(60), $"matter {instanceId} has no issued document");
            await Task.Delay(200);
        }
    }

    private static async Task<List<MimeMessage>> WaitForMailAsync(ConcurrentQueue<string> received, int count)
    {
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            var messages = received.Select(data => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data))))
                .Where(m => m.Subject?.StartsWith("办结通知", StringComparison.Ordinal) == true).ToList();
            if (messages.Select(m => m.MessageId).Distinct().Count() >= count || giveUp.Elapsed > TimeSpan.FromSeconds(150))
            {
                return messages;
            }
            await Task.Delay(200);
        }
    }

    private static async Task<string> PublishAsync(HttpClient http, string admin)
    {
        var id = Api.NewId("crash");
        await SendAsync(http, admin, HttpMethod.Post, "/api/workflow-definitions", Flows.ReviewThenIssue(id), HttpStatusCode.Created);
        await SendAsync(http, admin, HttpMethod.Post, $"/api/workflow-definitions/{id}/publish", null, HttpStatusCode.OK);
        return id;
    }

    private static async Task<string> StartAsync(HttpClient http, string token, string definitionId) =>
        (string)(await SendAsync(http, token, HttpMethod.Post, "/api/workflow-instances", $$"""{ "definitionId": "{{definitionId}}", "input": {} }""", HttpStatusCode.Created))["id"]!;

    private static async Task<string> TaskOfAsync(HttpClient http, string token, string instanceId) =>
        (string)(await GetAsync(http, token, $"/api/tasks?scope=mine&instanceId={instanceId}"))["items"]![0]!["id"]!;

    private static async Task<string> SignInAsync(HttpClient http, string userName, string password)
    {
        var response = await http.PostAsJsonAsync("/api/auth/token", new { userName, password });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
    }

    private static Task<JsonNode> GetAsync(HttpClient http, string token, string url) => SendAsync(http, token, HttpMethod.Get, url, null, HttpStatusCode.OK);

    private static async Task<JsonNode> SendAsync(HttpClient http, string token, HttpMethod method, string url, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body.Length == 0 ? "{}" : body)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The built server started as its own process, waited for until <c>/health</c> answers.</summary>
    private sealed class RunningServer
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private RunningServer(Process process)
        {
            _process = process;
        }

        public static async Task<RunningServer> StartAsync(Dictionary<string, string> environment, HttpClient http)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Workflows.Server.dll"));
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
            var server = new RunningServer(Process.Start(start)!);
            server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
            server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            var giveUp = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(server._process.HasExited, $"the server exited at start: {server.Output}");
                Assert.True(giveUp.Elapsed < TimeSpan.FromSeconds(90), $"the server did not answer /health within 90 s: {server.Output}");
                try
                {
                    using var health = await http.GetAsync("/health");
                    if (health.IsSuccessStatusCode)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(200);
            }
        }

        /// <summary>What the process wrote so far (its log at the level the test set).</summary>
        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        /// <summary>SIGKILL: no shutdown, no flushing, as when the power goes.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process.Dispose();
        }
    }

    /// <summary>A database of the test's own: a SQLite file in a temp folder, or a fresh PostgreSQL database dropped afterwards.</summary>
    private sealed class CrashDatabase : IAsyncDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("workflows-crash-test-").FullName;
        private string? _postgresDatabase;

        public string ConnectionString { get; private set; } = "";

        public static Task<CrashDatabase> CreateAsync(Provider provider)
        {
            var database = new CrashDatabase();
            if (provider == Provider.PostgreSql)
            {
                database._postgresDatabase = $"wf_crash_{Guid.NewGuid():N}";
                database.ConnectionString = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("WORKFLOWS_TEST_POSTGRES")) { Database = database._postgresDatabase }.ConnectionString;
            }
            else
            {
                database.ConnectionString = $"Data Source={Path.Combine(database._folder, "workflows.db")}";
            }
            return Task.FromResult(database);
        }

        public async ValueTask DisposeAsync()
        {
            if (_postgresDatabase is not null)
            {
                await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("WORKFLOWS_TEST_POSTGRES"));
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            Directory.Delete(_folder, recursive: true);
        }
    }
}
