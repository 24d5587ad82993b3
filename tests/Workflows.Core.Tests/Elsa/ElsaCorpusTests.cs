using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Elsa;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;

namespace Workflows.Core.Tests.Elsa;

/// <summary>
/// Real Elsa 3 files from Elsa's public repositories (each with a .source.json naming repository, commit, path and
/// licence): every file whose activities are all supported converts, validates, runs to its end and shows what
/// Elsa's own test expects; every other file is refused naming each unsupported activity.
/// </summary>
public sealed class ElsaCorpusTests
{
    /// <summary>The Elsa types the importer maps (README, "Elsa 3 compatibility"); kept apart from the importer on purpose.</summary>
    private static readonly HashSet<string> Supported =
    [
        "Elsa.Start", "Elsa.WriteLine", "Elsa.Log", "Elsa.RunJavaScript", "Elsa.Fault", "Elsa.Complete", "Elsa.Finish", "Elsa.End",
        "Elsa.Event", "Elsa.FlowDecision", "Elsa.If", "Elsa.FlowSwitch", "Elsa.FlowFork", "Elsa.FlowJoin", "Elsa.Join", "Elsa.Delay",
        "Elsa.StartAt", "Elsa.SetVariable", "Elsa.SendEmail", "Elsa.FlowSendHttpRequest", "Elsa.Timer", "Elsa.Cron", "Elsa.HttpEndpoint",
        "Elsa.WriteHttpResponse",
    ];

    /// <summary>Files Elsa's own tests use to show a definition that must not be published, with the problem ours names.</summary>
    private static readonly Dictionary<string, string> ExpectedInvalid = new()
    {
        ["elsa-core--Scenarios--ImportAndPublish--bad-cron-expression.json"] = "'BadCronExpression' is not a cron expression",
        // Elsa's test changes a JavaScript-computed path between runs; an endpoint here has one literal path.
        ["elsa-core--Scenarios--WorkflowDefinitionRefresh--dynamic-endpoint-http-workflow.json"] = "'path' must be a literal route",
    };

    /// <summary>The lines Elsa's own integration tests expect these files to write, in order.</summary>
    private static readonly Dictionary<string, string[]> ExpectedLines = new()
    {
        ["elsa-core--Scenarios--ExplicitJoins--join-any-1.json"] = ["Start", "End"],
        ["elsa-core--Scenarios--ExplicitJoins--join-all-1.json"] = ["Start", "Line 1", "Line 2", "End"],
        ["elsa-core--Scenarios--JoinBehaviors--fork-decision-join-none.json"] = ["A", "C"],
        ["elsa-core--Scenarios--JoinBehaviors--fork-decision-join-waitall.json"] = ["A", "C", "B", "D"],
        ["elsa-core--Scenarios--ImportAndExecute--implicit-loop.json"] = ["Do something", "Retry", "Do something", "Done"],
        ["elsa-core--Scenarios--ImportAndExecute--writeline.json"] = ["Dummy Text"],
        ["elsa-core--Scenarios--BasicWorkflows--hello-world.json"] = ["Hello World!"],
        ["elsa-core--Scenarios--WorkflowCompletion--fork.json"] = ["One", "Two", "Three"],
    };

    /// <summary>Files that end in a Fault activity on purpose, with the message the instance is left with.</summary>
    private static readonly Dictionary<string, string> ExpectedFaults = new()
    {
        ["elsa-core--Scenarios--JoinBehaviors--fork-decision-join-waitall.json"] = "110002: that went south",
        // It calls a public web service; no host is allowed until an administrator allows it, and tests have no internet.
        ["elsa-samples--src--aspnet--Elsa.Samples.AspNet.WorkflowInvocation--get-product.json"] =
            "host 'fakestoreapi.com' is not allowed; an administrator adds it to Workflows:Http:AllowedHosts",
    };

    public static TheoryData<string> Files() => [.. CorpusFiles().Select(f => Path.GetFileName(f))];

    internal static IEnumerable<string> CorpusFiles() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Elsa", "ElsaCorpus"), "*.json")
            .Where(f => !f.EndsWith(".source.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Files))]
    public async Task EachFile_ConvertsAndRunsAsElsaExpects_OrIsRefusedNamingEachUnsupportedActivity(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Elsa", "ElsaCorpus", file);
        var source = JsonNode.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(path, ".source.json")))!.AsObject();
        Assert.All(new[] { "repository", "commit", "path", "license" }, key => Assert.False(string.IsNullOrWhiteSpace((string?)source[key]), key));
        var json = await File.ReadAllTextAsync(path);
        var elsa = JsonNode.Parse(json.TrimStart('\uFEFF'))!.AsObject();
        var root = elsa["root"]!.AsObject();

        var conversion = ElsaImporter.Convert(json);

        if ((string?)root["type"] != "Elsa.Flowchart")
        {
            Assert.Null(conversion.Definition);
            Assert.Contains(conversion.Problems, p => p.Code == ValidationCodes.ElsaRootType);
            return;
        }
        var unsupported = root["activities"]!.AsArray().Select(a => a!.AsObject())
            .Where(a => !Supported.Contains((string)a["type"]!)).ToList();
        foreach (var activity in unsupported)
        {
            Assert.Contains(conversion.Problems, p => p.Code == ValidationCodes.ElsaUnsupportedActivity && p.ActivityId == (string)activity["id"]!
                && p.Message.Contains((string)activity["type"]!) && p.Message.Contains("not supported"));
        }
        if (unsupported.Count > 0 || conversion.Definition is null)
        {
            Assert.Null(conversion.Definition);
            Assert.Contains(conversion.Problems, p => ElsaConversion.RefusalCodes.Contains(p.Code));
            return;
        }

        if (ExpectedInvalid.TryGetValue(file, out var invalid))
        {
            Assert.Contains(new EngineFixture().Validator.Validate(conversion.Definition), p => p.Severity == ValidationSeverity.Error && p.Message.Contains(invalid));
            return;
        }
        var (instance, lines, fixture) = await RunAsync(conversion);

        if (ExpectedFaults.TryGetValue(file, out var fault))
        {
            Assert.Equal(WorkflowStatus.Faulted, instance.Status);
            Assert.Equal(fault, Assert.Single(instance.Incidents).Message);
        }
        else
        {
            Assert.True(instance.Status == WorkflowStatus.Completed, $"{file}: {instance.Status} {string.Join("; ", instance.Incidents.Select(i => i.Message))}");
        }
        if (ExpectedLines.TryGetValue(file, out var expected))
        {
            Assert.Equal(expected, lines);
        }
        if (file == "elsa-core--Scenarios--JoinBehaviors--join.json")
        {
            // Elsa's JoinRunsOnceTests: the Join executes once, not once per branch.
            var journal = await fixture.JournalAsync(instance.Id);
            Assert.Single(journal, e => e.Event == JournalEvents.ActivityExecuted && e.ActivityType == "Join");
        }
    }

    /// <summary>The figures the README states under "Elsa 3 compatibility".</summary>
    [Fact]
    public void TheCorpus_HasTheSizeAndShareTheReadmeStates()
    {
        var files = CorpusFiles().ToList();

        var converted = files.Count(f => ElsaImporter.Convert(File.ReadAllText(f)).Definition is not null);

        Assert.Equal((104, 45), (files.Count, converted));
    }

    /// <summary>
    /// Publishes and runs a converted file to its end: start inputs get sample values by field type, and every timer
    /// is fired when the clock reaches it.
    /// </summary>
    internal static async Task<(WorkflowInstance Instance, List<string> Lines, EngineFixture Fixture)> RunAsync(ElsaConversion conversion)
    {
        var definition = conversion.Definition!;
        var fixture = new EngineFixture();
        var errors = conversion.Problems.Concat(fixture.Validator.Validate(definition)).Where(p => p.Severity == ValidationSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Code} {e.ActivityId} {e.Message}")));
        fixture.Publish(definition);
        var input = new JsonObject();
        foreach (var field in definition.Inputs)
        {
            input[field.Name] = field.Type == FieldTypes.Number ? 2 : field.Type == FieldTypes.Checkbox ? true : "样例";
        }
        var instance = await fixture.StartAsync(definition.DefinitionId, input);
        while (instance.Status == WorkflowStatus.Running && instance.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKinds.Timer) is { } timer)
        {
            if (timer.DueAt > fixture.Clock.GetUtcNow())
            {
                fixture.Clock.Advance(timer.DueAt.Value - fixture.Clock.GetUtcNow());
            }
            instance = await fixture.Engine.ResumeAsync(instance.Id, timer.Id, new ResumeRequest());
        }
        var lines = (await fixture.JournalAsync(instance.Id)).Where(e => e.Event == Core.Activities.WriteLine.JournalEvent).Select(e => e.Message ?? "").ToList();
        return (instance, lines, fixture);
    }
}
