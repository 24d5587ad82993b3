using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workflows.Core;
using Workflows.Core.Definitions;
using Workflows.Core.Organisation;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;

namespace Workflows.Core.Tests;

/// <summary>A real engine on the in-memory store with a fake clock; each test builds its own.</summary>
public sealed class EngineFixture
{
    public EngineFixture(Action<IServiceCollection>? configure = null, Action<WorkflowEngineBuilder>? engine = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IOrganisationDirectory>(Organisation);
        configure?.Invoke(services);
        services.AddWorkflowEngine(engine);
        Services = services.BuildServiceProvider();
    }

    /// <summary>Everyone the tests act as is a member of role <c>reviewer</c>; drafters report to a supervisor.</summary>
    public InMemoryOrganisationDirectory Organisation { get; } = new InMemoryOrganisationDirectory()
        .AddUser("head", "office", null, "reviewer")
        .AddUser("starter", "drafting", "head", "drafter")
        .AddUser("drafter1", "drafting", "head", "drafter")
        .AddUser("reviewer", "office", "head", "reviewer")
        .AddUser("expert1", "experts", "head", "reviewer", "expert")
        .AddUser("expert2", "experts", "head", "reviewer", "expert")
        .AddUser("expert3", "experts", "head", "reviewer", "expert")
        .AddUser("clerk", "office", "head", "reviewer")
        .AddUser("li", "office", "head", "reviewer")
        .AddUser("a", "office", "head", "reviewer")
        .AddUser("b", "office", "head", "reviewer");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 9, 26, 1, 0, 0, TimeSpan.Zero));
    public ServiceProvider Services { get; }
    public WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();
    public IWorkflowInstanceStore Store => Services.GetRequiredService<IWorkflowInstanceStore>();
    public WorkflowValidator Validator => Services.GetRequiredService<WorkflowValidator>();

    public WorkflowDefinition Publish(WorkflowDefinition definition) =>
        Services.GetRequiredService<InMemoryWorkflowDefinitionSource>().Add(definition);

    public WorkflowDefinition Publish(string json) => Publish(WorkflowDefinitionSerializer.Deserialize(json));

    public Task<WorkflowInstance> StartAsync(string definitionId, JsonObject? input = null, string actor = "starter") =>
        Engine.StartAsync(new StartWorkflow(definitionId) { Input = input, Actor = actor });

    public Task<IReadOnlyList<JournalEntry>> JournalAsync(string instanceId) => Store.GetJournalAsync(instanceId, default);

    public static Bookmark TaskOf(WorkflowInstance instance, string activityId) =>
        instance.Bookmarks.Single(b => b.ActivityId == activityId);

    public Task<WorkflowInstance> CompleteAsync(WorkflowInstance instance, string activityId, string outcome, string actor = "reviewer", string? comment = null) =>
        Engine.ResumeAsync(instance.Id, TaskOf(instance, activityId).Id, new ResumeRequest { Outcome = outcome, Actor = actor, Comment = comment });
}
