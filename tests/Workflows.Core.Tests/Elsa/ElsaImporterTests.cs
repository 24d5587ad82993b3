using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Elsa;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;

namespace Workflows.Core.Tests.Elsa;

/// <summary>The shapes Elsa 3.0–3.5 write, one at a time, converted and run through the engine.</summary>
public sealed class ElsaImporterTests
{
    private static JsonObject Input(string typeName, string type, string value) =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };

    private static JsonObject Activity(string id, string type, params (string Name, JsonNode? Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1, ["canStartWorkflow"] = false, ["customProperties"] = new JsonObject() };
        foreach (var (name, value) in inputs)
        {
            activity[name] = value;
        }
        return activity;
    }

    private static JsonObject Connect(string from, string to, string port = "Done") => new()
    {
        ["source"] = new JsonObject { ["activity"] = from, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
    };

    private static JsonObject Workflow(JsonArray activities, JsonArray connections, JsonArray? variables = null, JsonArray? inputs = null) => new()
    {
        ["$schema"] = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json",
        ["id"] = "v1",
        ["definitionId"] = "elsa-test",
        ["name"] = "Elsa test",
        ["toolVersion"] = "3.3.0.0",
        ["variables"] = variables ?? [],
        ["inputs"] = inputs ?? [],
        ["outputs"] = new JsonArray(),
        ["isLatest"] = true,
        ["root"] = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = "Flowchart1", ["activities"] = activities, ["connections"] = connections },
    };

    private static async Task<(WorkflowInstance Instance, List<string> Lines, EngineFixture Fixture)> RunAsync(JsonObject workflow) =>
        await ElsaCorpusTests.RunAsync(ElsaImporter.Convert(workflow.ToJsonString()));

    [Fact]
    public async Task FlatConnections_PascalCase_ByteOrderMark_AndExtraProperties_AreRead()
    {
        var json = "\uFEFF" + """
            {
              "Id": "x", "DefinitionId": "flat", "Name": "3.0 flat", "Unknown": { "a": 1 },
              "Root": {
                "Type": "Elsa.Flowchart",
                "Activities": [
                  { "Id": "a", "Type": "Elsa.WriteLine", "Text": { "TypeName": "String", "Expression": { "Type": "Literal", "Value": "one" } }, "Whatever": true },
                  { "Id": "b", "Type": "Elsa.WriteLine", "Text": { "TypeName": "String", "Expression": { "Type": "Literal", "Value": "two" } } }
                ],
                "Connections": [ { "source": "a", "target": "b", "sourcePort": "Done", "targetPort": "In" } ]
              }
            }
            """;

        var conversion = ElsaImporter.Convert(json);
        var (instance, lines, _) = await ElsaCorpusTests.RunAsync(conversion);

        Assert.True(ElsaImporter.IsElsa(json));
        Assert.Equal("flat", conversion.Definition!.DefinitionId);
        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        Assert.Equal(["one", "two"], lines);
    }

    [Fact]
    public void LiteralTexts_BecomeTypedJson_AndObjectExpressionsBecomeLiterals()
    {
        var workflow = Workflow(
            [
                Activity("decide", "Elsa.FlowDecision", ("condition", Input("Boolean", "Literal", "True"))),
                Activity("wait", "Elsa.Delay", ("timeSpan", Input("TimeSpan", "Literal", "00:00:05"))),
                Activity("set", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "v-1", ["name"] = "Payload" }),
                    ("value", Input("Object", "Object", """{ "amount": 3, "tags": ["a"] }"""))),
            ],
            [Connect("decide", "wait", "True"), Connect("wait", "set")],
            [new JsonObject { ["id"] = "v-1", ["name"] = "Payload", ["typeName"] = "Object" }, new JsonObject { ["id"] = "v-2", ["name"] = "Count", ["typeName"] = "Int32", ["value"] = "7" }]);

        var definition = ElsaImporter.Convert(workflow.ToJsonString()).Definition!;

        var byId = definition.Root.Activities.ToDictionary(a => a.Id);
        Assert.Equal(("Decision", true), (byId["decide"].Type, byId["decide"].Inputs["condition"].Value!.GetValue<bool>()));
        Assert.Equal(("Delay", "PT5S"), (byId["wait"].Type, byId["wait"].Inputs["duration"].Value!.GetValue<string>()));
        Assert.Equal("Payload", byId["set"].Inputs["variable"].Value!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "amount": 3, "tags": ["a"] }"""), byId["set"].Inputs["value"].Value));
        Assert.Equal(7, definition.Variables.Single(v => v.Name == "Count").Value!.GetValue<long>());
        Assert.Equal(("Start", "decide"), (definition.Root.Activities[0].Type, definition.Root.Connections[0].Target.Activity));
    }

    [Fact]
    public void WorkflowInputs_BecomeFormFields_ByTypeAndUiHint()
    {
        var workflow = Workflow([Activity("w", "Elsa.WriteLine", ("text", Input("String", "JavaScript", "getInput('Name')")))], [], inputs:
        [
            new JsonObject { ["name"] = "Name", ["displayName"] = "姓名", ["type"] = "String", ["uiHint"] = "singleline" },
            new JsonObject { ["name"] = "Reason", ["type"] = "String", ["uiHint"] = "multiline" },
            new JsonObject { ["name"] = "Age", ["type"] = "Int32", ["uiHint"] = "singleline" },
            new JsonObject { ["name"] = "Agreed", ["type"] = "Boolean", ["uiHint"] = "checkbox" },
            new JsonObject { ["name"] = "Born", ["type"] = "DateTime", ["uiHint"] = "datetime-editor" },
        ]);

        var definition = ElsaImporter.Convert(workflow.ToJsonString()).Definition!;

        Assert.Equal([("Name", "姓名", "text"), ("Reason", "Reason", "textarea"), ("Age", "Age", "number"), ("Agreed", "Agreed", "checkbox"), ("Born", "Born", "date")],
            definition.Inputs.Select(i => (i.Name, i.Label!, i.Type)));
        Assert.Equal("input[\"Name\"]", definition.Root.Activities.Single(a => a.Id == "w").Inputs["text"].Value!.GetValue<string>());
    }

    [Fact]
    public async Task ElsaJavaScriptHelpers_AreRewritten_AndRunInTheSandbox()
    {
        var workflow = Workflow(
            [
                Activity("script", "Elsa.RunJavaScript", ("script", Input("String", "Literal", "setVariable('Counter', getCounter() + 1); setGreeting('hi ' + getInput('Name'));"))),
                Activity("say", "Elsa.WriteLine", ("text", Input("String", "JavaScript", "getGreeting() + ' ' + getVariable('Counter') + ' ' + variables.Counter"))),
            ],
            [Connect("script", "say")],
            [new JsonObject { ["id"] = "c", ["name"] = "Counter", ["typeName"] = "Int32", ["value"] = "41" }, new JsonObject { ["id"] = "g", ["name"] = "Greeting", ["typeName"] = "String" }],
            [new JsonObject { ["name"] = "Name", ["type"] = "String" }]);

        var (instance, lines, _) = await RunAsync(workflow);

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        Assert.Equal(["hi 样例 42 42"], lines);
    }

    [Fact]
    public void ScriptThatCannotRun_IsAProblemAtImport()
    {
        var workflow = Workflow(
            [Activity("say", "Elsa.WriteLine", ("text", Input("String", "JavaScript", "getCorrelationId() + getAge() + \"getNothing()\"")))], []);

        var conversion = ElsaImporter.Convert(workflow.ToJsonString());

        Assert.NotNull(conversion.Definition);
        Assert.Equal(["'getAge()' reads a variable 'Age' that the workflow does not declare",
            "'getCorrelationId()' is an Elsa function Workflows does not have; rewrite the script with variables.X and input.X"],
            conversion.Problems.Where(p => p.Code == ValidationCodes.ElsaScript && p.ActivityId == "say").Select(p => p.Message).Order());
    }

    [Fact]
    public async Task If_IsFlattenedIntoADecisionWithItsBranches_AndContinuesOnDone()
    {
        var workflow = Workflow(
            [
                Activity("if", "Elsa.If", ("condition", Input("Boolean", "JavaScript", "1 + 1 === 2")),
                    ("then", Activity("yes", "Elsa.WriteLine", ("text", Input("String", "Literal", "then")))),
                    ("else", Activity("no", "Elsa.WriteLine", ("text", Input("String", "Literal", "else"))))),
                Activity("after", "Elsa.WriteLine", ("text", Input("String", "Literal", "after"))),
            ],
            [Connect("if", "after")]);

        var (instance, lines, _) = await RunAsync(workflow);

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        Assert.Equal(["then", "after"], lines);
    }

    [Fact]
    public async Task FlowSwitch_TakesTheFirstMatchingCase()
    {
        var cases = new JsonArray(
            new JsonObject { ["label"] = "Low", ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "getAmount() < 10" } },
            new JsonObject { ["label"] = "High", ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "getAmount() >= 10" } });
        var workflow = Workflow(
            [
                Activity("switch", "Elsa.FlowSwitch", ("cases", cases), ("mode", Input("SwitchMode", "Literal", "MatchFirst"))),
                Activity("low", "Elsa.WriteLine", ("text", Input("String", "Literal", "low"))),
                Activity("high", "Elsa.WriteLine", ("text", Input("String", "Literal", "high"))),
            ],
            [Connect("switch", "low", "Low"), Connect("switch", "high", "High")],
            [new JsonObject { ["name"] = "Amount", ["typeName"] = "Int32", ["value"] = "12" }]);

        var (_, lines, _) = await RunAsync(workflow);

        Assert.Equal(["high"], lines);
    }

    [Fact]
    public async Task Event_WaitsForTheSignalOfItsName_AndFaultEndsTheInstanceWithItsMessage()
    {
        var workflow = Workflow(
            [
                Activity("event", "Elsa.Event", ("eventName", Input("String", "Literal", "Approved"))),
                Activity("fault", "Elsa.Fault", ("message", Input("String", "Literal", "审批后故障")), ("code", Input("String", "Literal", "E1"))),
            ],
            [Connect("event", "fault")]);
        var conversion = ElsaImporter.Convert(workflow.ToJsonString());
        var fixture = new EngineFixture();
        fixture.Publish(conversion.Definition!);

        var waiting = await fixture.StartAsync("elsa-test");
        var faulted = await fixture.Engine.SignalAsync(waiting.Id, "Approved", null, "admin");

        Assert.Equal((WorkflowStatus.Running, "event"), (waiting.Status, Assert.Single(waiting.Bookmarks).ActivityId));
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Equal("E1: 审批后故障", Assert.Single(faulted.Incidents).Message);
    }

    [Fact]
    public void ImplicitStart_IsTheNamedStart_ElseATrigger_ElseTheFirstActivityNothingLeadsTo()
    {
        var named = Workflow([Activity("a", "Elsa.WriteLine"), Activity("b", "Elsa.WriteLine")], []);
        named["root"]!["start"] = "b";
        var trigger = Workflow([Activity("a", "Elsa.WriteLine"), Activity("b", "Elsa.Event", ("eventName", Input("String", "Literal", "go")))], [Connect("b", "a")]);
        trigger["root"]!["activities"]![1]!["canStartWorkflow"] = true;
        var root = Workflow([Activity("a", "Elsa.WriteLine"), Activity("b", "Elsa.WriteLine")], [Connect("b", "a")]);

        string StartTarget(JsonObject w) => ElsaImporter.Convert(w.ToJsonString()).Definition!.Root.Connections.Single(c => c.Source.Activity == "start").Target.Activity;

        Assert.Equal(("b", "b", "b"), (StartTarget(named), StartTarget(trigger), StartTarget(root)));
    }

    [Fact]
    public void UnsupportedActivities_AndExpressions_RefuseTheWholeFile_OneProblemEach()
    {
        var workflow = Workflow(
            [
                Activity("ok", "Elsa.WriteLine", ("text", Input("String", "Literal", "fine"))),
                Activity("cs", "Elsa.RunCSharp"),
                Activity("loop", "Elsa.ParallelForEach"),
                Activity("expr", "Elsa.WriteLine", ("text", Input("String", "CSharp", "\"x\""))),
            ],
            [Connect("ok", "cs"), Connect("cs", "loop")]);

        var conversion = ElsaImporter.Convert(workflow.ToJsonString());

        Assert.Null(conversion.Definition);
        Assert.Equal([("cs", "cs: Elsa.RunCSharp: not supported"), ("loop", "loop: Elsa.ParallelForEach: not supported")],
            conversion.Problems.Where(p => p.Code == ValidationCodes.ElsaUnsupportedActivity).Select(p => (p.ActivityId!, p.Message)));
        Assert.Contains(conversion.Problems, p => p.Code == ValidationCodes.ElsaUnsupportedExpression && p.ActivityId == "expr");
    }

    [Fact]
    public void RootThatIsNotAFlowchart_IsRefused()
    {
        var workflow = Workflow([], []);
        workflow["root"]!["type"] = "Elsa.Sequence";

        var conversion = ElsaImporter.Convert(workflow.ToJsonString());

        Assert.Null(conversion.Definition);
        Assert.Contains("'Elsa.Sequence'", Assert.Single(conversion.Problems, p => p.Code == ValidationCodes.ElsaRootType).Message);
    }

    [Fact]
    public void FileWithoutADefinitionId_TakesItsIdOrName()
    {
        var withId = Workflow([], []);
        withId.Remove("definitionId");
        var withName = Workflow([], []);
        withName.Remove("definitionId");
        withName.Remove("id");
        withName["name"] = "Order Approval 审批";

        Assert.Equal("v1", ElsaImporter.Convert(withId.ToJsonString()).Definition!.DefinitionId);
        Assert.Equal("order-approval-审批", ElsaImporter.Convert(withName.ToJsonString()).Definition!.DefinitionId);
    }

    [Fact]
    public void OurOwnDefinitionJson_IsNotTakenForElsa()
    {
        var ours = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "vehicle-scrapping.json"));

        Assert.False(ElsaImporter.IsElsa(ours));
        Assert.True(ElsaImporter.IsElsa(ElsaExporter.Export(WorkflowDefinitionSerializer.Deserialize(ours)).ToJsonString()));
    }
}
