using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Server.Tests.Tasks;

namespace Workflows.Server.Tests.Operations;

/// <summary>Logs of a request about an instance or a task carry its id, so an operator can follow one matter.</summary>
public sealed class LogScopeTests
{
    [Fact]
    public async Task LogsOfAnInstanceRequest_CarryTheInstanceId()
    {
        var captured = new CapturingLoggerProvider();
        await using var server = new ServerFactory { TestServices = s => s.AddSingleton<ILoggerProvider>(captured) };
        // The framework's own request logs ("Executing endpoint …") are written inside the scope.
        server.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        var definitionId = Api.NewId("logs");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
        var drafter = await server.ClientForAsync("drafter");
        var instanceId = await drafter.StartAsync(definitionId);

        await (await drafter.GetAsync($"/api/workflow-instances/{instanceId}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Contains(captured.Entries, e => e.Scopes.Contains($"InstanceId={instanceId}"));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentBag<(string Message, string Scopes)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<string>();
                provider._scopes.ForEachScope((scope, list) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                    {
                        list.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
                    }
                }, scopes);
                provider.Entries.Add((formatter(state, exception), string.Join(";", scopes)));
            }
        }
    }
}
