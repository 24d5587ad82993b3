using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Server.Tests.Tasks;

namespace Workflows.Server.Tests.Security;

/// <summary>Issue 14, defect 8: expected conflicts log nothing above Debug; a fault logs a Warning an operator can act on.</summary>
public sealed class LogLevelTests : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new();
    private readonly ServerFactory _server;

    public LogLevelTests() => _server = new ServerFactory { TestServices = s => s.AddSingleton<ILoggerProvider>(_logs) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AFaultedInstance_LogsAWarning_WithInstanceActivityAndReason()
    {
        var definitionId = Api.NewId("faulty");
        await _server.PublishAsync(Flows.Faulty(definitionId));

        var instanceId = await (await _server.ClientForAsync("drafter")).StartAsync(definitionId);

        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(instanceId) && e.Message.Contains("compute") && e.Message.Contains("计算失败"));
    }

    [Fact]
    public async Task LosersOfACompletionRace_Get409_AndNothingIsLoggedAboveDebug()
    {
        var definitionId = Api.NewId("race");
        await _server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "roles": ["health-expert"] }""", mode: "any"));
        var instanceId = await (await _server.ClientForAsync("drafter")).StartAsync(definitionId);
        var experts = await Task.WhenAll(new[] { "expert1", "expert2" }.Select(u => _server.ClientForAsync(u)));
        var taskId = (string)(await (await experts[0].GetAsync($"/api/tasks?scope=candidate&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]![0]!["id"]!;
        _logs.Clear();

        var answers = await Task.WhenAll(Enumerable.Range(0, 9).Select(i =>
            experts[i % experts.Length].PostJsonAsync($"/api/tasks/{taskId}/complete", """{ "outcome": "approve", "data": { "opinion": "同意" } }""")));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

        public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

        public void Clear() => _entries.Clear();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, CapturedLogs owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner._entries.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }
}
