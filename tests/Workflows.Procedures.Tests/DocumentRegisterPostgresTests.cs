using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Server.Documents;

namespace Workflows.Procedures.Tests;

/// <summary>Numbers decided by PostgreSQL when many sign-offs are issued at once by more than one issuer.</summary>
public sealed class DocumentRegisterPostgresTests(PostgresProcedureServer postgres) : IClassFixture<PostgresProcedureServer>
{
    private const int Matters = 20;

    [SkippableFact]
    public async Task TwentyConcurrentSignOffs_GetTwentyDistinctConsecutiveNumbers()
    {
        Skip.If(postgres.Server is null, $"PostgreSQL tests need {ProcedureServer.PostgresVariable} (a connection string); .ci/run sets it");
        var server = postgres.Server!;
        var (template, prefix) = await SignOffFlow.OwnTemplateAsync(server, "fire-hazard-closure");
        var definition = await SignOffFlow.DeployAsync(server, template, "{ unitName: '阳泉嗨唱派对娱乐服务有限公司', closureRequestNumber: '' }");
        var matters = await Task.WhenAll(Enumerable.Range(0, Matters).Select(async _ =>
        {
            var matter = await SignOffFlow.StartAsync(server, definition);
            await matter.ActAsync("office-head", SignOffFlow.Check, "submit");
            return matter;
        }));

        // The leader signs all twenty at once while a second issuer (as on another node) races the server's own.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var secondNode = RaceAsync(server, stop.Token);
        await Task.WhenAll(matters.Select(m => m.ActAsync("leader", SignOffFlow.Sign, "sign")));
        var numbers = await Task.WhenAll(matters.Select(async m => (await m.DocumentAsync()).Number));
        await stop.CancelAsync();
        await secondNode;

        Assert.Equal(Enumerable.Range(1, Matters).Select(n => $"{prefix}〔{DocumentSignOffTests.Year}〕{n}号").Order(StringComparer.Ordinal),
            numbers.Order(StringComparer.Ordinal));
        var admin = await server.As("admin");
        var register = (await admin.GetFromJsonAsync<JsonObject>($"/api/document-numbers/{Uri.EscapeDataString(prefix)}/{DocumentSignOffTests.Year}"))!;
        Assert.Equal(Matters, register["entries"]!.AsArray().Select(e => e!["documentId"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(Matters + 1, register["series"]!["next"]!.GetValue<int>());
    }

    /// <summary>Issues every pending document request, all at once, until cancelled.</summary>
    private static async Task RaceAsync(ProcedureServer server, CancellationToken cancellationToken)
    {
        var issuer = server.Services.GetRequiredService<DocumentIssuer>();
        while (!cancellationToken.IsCancellationRequested)
        {
            List<string> pending;
            await using (var scope = server.Services.CreateAsyncScope())
            {
                pending = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox
                    .Where(o => o.Kind == SideEffectKinds.Document && o.State == OutboxState.Pending).Select(o => o.Id).ToListAsync(CancellationToken.None);
            }
            await Task.WhenAll(pending.Select(id => Task.Run(() => issuer.IssueAsync(id, maxAttempts: 5, CancellationToken.None), CancellationToken.None)));
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
