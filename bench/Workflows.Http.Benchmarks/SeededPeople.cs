using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Persistence;
using Workflows.Persistence.Documents;
using Workflows.Persistence.Tasks;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Http.Benchmarks;

/// <summary>
/// Whom to sign in as on a seeded database: the busiest person of each inbox (so the page measured is the fullest one),
/// and matters to open. Read from the tables, so it works whatever names the generator gave.
/// </summary>
public sealed record SeededPeople(string Signer, string Candidate, string Closer, IReadOnlyList<string> Instances, string DefinitionId)
{
    public static async Task<SeededPeople> FindAsync(string provider, string connectionString)
    {
        await using var services = Database(provider, connectionString);
        await using var db = await services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContextAsync();
        return await FindAsync(db);
    }

    /// <summary>
    /// Waits while the server issues the documents the generator left requested (the engine leaves them to the server's
    /// dispatcher), so that the pages are timed on a settled server, not beside a backlog.
    /// </summary>
    public static async Task WaitForDocumentsAsync(string provider, string connectionString, TimeSpan patience)
    {
        await using var services = Database(provider, connectionString);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContextAsync();
            var pending = await db.Outbox.CountAsync(o => o.Kind == Core.Runtime.SideEffectKinds.Document && o.State == Persistence.Instances.OutboxState.Pending);
            if (pending == 0 || clock.Elapsed > patience)
            {
                Console.WriteLine($"# {pending} document requests pending after {clock.Elapsed.TotalSeconds:F0} s");
                return;
            }
            Console.WriteLine($"# the server is issuing the seeded documents: {pending} to go");
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
    }

    private static ServiceProvider Database(string provider, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workflows:Database:Provider"] = provider,
            ["ConnectionStrings:Workflows"] = connectionString,
        }).Build();
        return new ServiceCollection().AddLogging().AddWorkflowPersistence(configuration).BuildServiceProvider();
    }

    private static async Task<SeededPeople> FindAsync(WorkflowsDbContext db)
    {
        var openTasks = db.Tasks.Where(t => t.Status == TaskStatus.Open);
        var signer = await db.TaskParticipants.Where(p => p.Kind == ParticipantKind.Signer && p.Active && openTasks.Any(t => t.Id == p.TaskId))
            .GroupBy(p => p.Value).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        var role = await db.TaskParticipants.Where(p => p.Kind == ParticipantKind.CandidateRole && openTasks.Any(t => t.Id == p.TaskId && !t.Claimed))
            .GroupBy(p => p.Value).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefaultAsync() ?? "finance";
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).FirstAsync();
        var candidate = await db.UserRoles.Where(r => r.RoleId == roleId).Join(db.Users, r => r.UserId, u => u.Id, (_, u) => u.UserName!)
            .OrderBy(u => u).FirstAsync();
        var closer = await db.Tasks.Where(t => t.ClosedBy != null).GroupBy(t => t.ClosedBy!)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        var definitionId = await db.Instances.GroupBy(i => i.DefinitionId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        // Matters with documents, spread over the whole period.
        var withDocuments = await db.Set<GeneratedDocumentRecord>().Select(d => d.InstanceId).Distinct().OrderBy(id => id).ToListAsync();
        var instances = withDocuments.Where((_, i) => i % Math.Max(1, withDocuments.Count / 50) == 0).Take(50).ToList();
        if (instances.Count == 0)
        {
            instances = await db.Instances.OrderBy(i => i.Id).Select(i => i.Id).Take(50).ToListAsync();
        }
        return new SeededPeople(signer, candidate, closer, instances, definitionId);
    }
}
