using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;

namespace Workflows.Core.Tests.Validation;

/// <summary>
/// A fuzz pass (FsCheck): random definitions, valid and invalid, of every activity type with random connections and
/// inputs, never crash validation; those that validate run in the engine, where a fault is an incident, never an
/// exception or a hung burst.
/// </summary>
public sealed class DefinitionFuzzTests
{
    private static readonly EngineFixture Engine = new();
    private static readonly string[] Types = [.. Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Workflows.Core.Activities.ActivityRegistry>(Engine.Services).Descriptors.Select(d => d.Type), "NoSuchActivity"];
    private static readonly string[] Ids = ["start", "a", "b", "c", "end", ""];
    private static readonly string[] Ports = ["Done", "In", "True", "False", "approve", "Timeout", "nope"];

    private static Gen<List<T>> UpTo<T>(int max, Gen<T> gen) =>
        from count in Gen.Choose(0, max)
        from items in Gen.ListOf(gen, count)
        select items.ToList();

    private static readonly Gen<JsonNode?> Value = Gen.OneOf(
        Gen.Constant<JsonNode?>(null),
        Gen.Elements<JsonNode?>(JsonValue.Create(1), JsonValue.Create(-5), JsonValue.Create(1e12), JsonValue.Create(true), JsonValue.Create("x"), JsonValue.Create("")),
        Gen.Elements("1 + ", "'a'.repeat(3)", "input.x", "while(true){}", "{ users: ['expert1'] }", "throw new Error('boom')")
            .Select(code => (JsonNode?)new JsonObject { ["type"] = "JavaScript", ["value"] = code }),
        Gen.Elements<JsonNode?>(new JsonObject { ["users"] = new JsonArray("expert1") }, new JsonArray(), new JsonObject { ["type"] = "Literal", ["value"] = 3 }));

    /// <summary>
    /// Fully random shapes are nearly always invalid; a quarter of the cases are Start → End with a random result, so
    /// the engine runs in every pass, not only when chance makes a valid shape.
    /// </summary>
    private static readonly Gen<string> Definition = Gen.Frequency(
        (3, Gen.Constant(0).SelectMany(_ => RandomDefinition)),
        (1, from result in Value
            select Wrap(
                [new JsonObject { ["id"] = "end", ["type"] = "End", ["inputs"] = new JsonObject { ["result"] = result?.DeepClone() } }],
                [Connection("start", "Done", "end")])));

    private static JsonObject Connection(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };

    private static string Wrap(IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections) => new JsonObject
    {
        ["definitionId"] = "fuzz",
        ["name"] = "fuzz",
        ["root"] = new JsonObject
        {
            ["type"] = "Flowchart",
            ["activities"] = new JsonArray([.. activities.Prepend(new JsonObject { ["id"] = "start", ["type"] = "Start" })]),
            ["connections"] = new JsonArray([.. connections]),
        },
    }.ToJsonString();

    private static readonly Gen<string> RandomDefinition =
        from activities in UpTo(6,
            from id in Gen.Elements(Ids)
            from type in Gen.Elements(Types)
            from inputs in UpTo(4, Gen.Zip(Gen.Elements("title", "assignTo", "due", "condition", "value", "to", "subject", "body", "result", "duration", "outcomes", "cases"), Value))
            select new JsonObject
            {
                ["id"] = id,
                ["type"] = type,
                ["inputs"] = new JsonObject(inputs.DistinctBy(i => i.Item1).Select(i => KeyValuePair.Create(i.Item1, i.Item2?.DeepClone()))),
            })
        from connections in UpTo(8,
            from source in Gen.Elements(Ids)
            from port in Gen.Elements(Ports)
            from target in Gen.Elements(Ids)
            select Connection(source, port, target))
        select Wrap(activities, connections);

    [Fact]
    public void RandomDefinitions_NeverCrashValidation_AndValidOnesRunOrFaultWithAnIncident()
    {
        var ran = 0;
        Prop.ForAll(Arb.From(Definition), json =>
        {
            WorkflowDefinition definition;
            try
            {
                definition = WorkflowDefinitionSerializer.Deserialize(json);
            }
            catch (DefinitionFormatException)
            {
                return true;
            }
            var problems = Engine.Validator.Validate(definition);
            if (problems.Any(p => p.Severity == Workflows.Core.Validation.ValidationSeverity.Error))
            {
                return problems.All(p => !string.IsNullOrWhiteSpace(p.Message));
            }
            definition.DefinitionId = $"fuzz-{Interlocked.Increment(ref ran)}";
            Engine.Publish(definition);
            WorkflowInstance instance;
            try
            {
                instance = Engine.StartAsync(definition.DefinitionId).WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            }
            catch (WorkflowCommandException)
            {
                // A refusal with a reason (e.g. a start input it needs), never a crash.
                return true;
            }
            return instance.Status != WorkflowStatus.Faulted || instance.Incidents.Count > 0;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
        Assert.True(ran > 0, "no random definition was valid, so the engine was never run");
    }
}
