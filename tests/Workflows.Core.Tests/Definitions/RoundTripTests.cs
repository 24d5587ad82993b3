using System.Text.Json.Nodes;
using Workflows.Core.Definitions;

namespace Workflows.Core.Tests.Definitions;

/// <summary>Load → save keeps what the engine does not know (designer metadata, other tools' properties) untouched.</summary>
public sealed class RoundTripTests
{
    /// <summary>
    /// Unknown properties ("x-…", "elsa…") at every level and designer metadata. Every known property is written out
    /// with a non-default value, so the whole saved document must equal this one.
    /// </summary>
    private const string Document = """
        {
          "definitionId": "health-review",
          "name": "公共政策健康审查",
          "description": "对公共政策开展健康影响审查",
          "version": 3,
          "isLatest": true,
          "isPublished": false,
          "x-owner": { "department": "卫健委", "tags": ["健康", "政策"], "since": 2024 },
          "toolVersion": "3.2.1",
          "options": {
            "starterRoles": ["drafter"],
            "autoUpdateConsumingWorkflows": false,
            "x-retention": { "days": 365 }
          },
          "variables": [ { "name": "round", "type": "Number", "value": 0, "storageDriverTypeName": "Memory" } ],
          "inputs": [
            { "name": "policyTitle", "label": "政策名称", "type": "text", "required": true, "uiHint": "single-line", "placeholder": "请输入" },
            { "name": "requestLetter", "label": "提请审查的公函", "type": "file", "required": false, "accept": [".pdf", ".docx"] }
          ],
          "root": {
            "type": "Flowchart",
            "x-canvas": { "zoom": 0.75, "pan": { "x": -120.5, "y": 40 } },
            "activities": [
              {
                "id": "start",
                "type": "Start",
                "name": "提交",
                "inputs": {},
                "metadata": { "designer": { "position": { "x": 0, "y": 0 }, "size": { "width": 120, "height": 48 } } },
                "customProperties": { "canStartWorkflow": true }
              },
              {
                "id": "intake",
                "type": "UserTask",
                "name": "受理",
                "inputs": {
                  "title": { "type": "Liquid", "value": "健康审查受理：{{ input.policyTitle }}", "memoryReference": { "id": "m1" } },
                  "assignTo": { "type": "Literal", "value": { "roles": ["health-office"], "x-note": "科室" } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "accept", "label": "受理" },
                                { "name": "incomplete", "label": "材料不全，退回补正", "requiresComment": true } ] },
                  "due": { "type": "JavaScript", "value": "({ workingDays: input.urgent ? 3 : 5 })", "x-hint": null }
                },
                "metadata": { "designer": { "position": { "x": 240, "y": -16.25 } }, "displayText": "受理（5个工作日）" },
                "version": 1,
                "x-colour": "#ff8800"
              },
              { "id": "done", "type": "End", "inputs": { "result": { "type": "Literal", "value": "approved" } },
                "metadata": { "designer": { "position": { "x": 480, "y": 0 } } } }
            ],
            "connections": [
              {
                "source": { "activity": "start", "port": "Done", "x-anchor": "right" },
                "target": { "activity": "intake", "port": "In", "x-anchor": "left" },
                "vertices": [ { "x": 120, "y": 24 }, { "x": 180, "y": 24 } ],
                "x-label": "提交后"
              },
              { "source": { "activity": "intake", "port": "accept" }, "target": { "activity": "done", "port": "In" } }
            ]
          },
          "metadata": { "designer": { "zoom": 1.25, "grid": true } }
        }
        """;

    [Fact]
    public void LoadThenSave_GivesBackTheSameDocument()
    {
        var saved = WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Deserialize(Document));

        AssertDeepEqual(JsonNode.Parse(Document), JsonNode.Parse(saved));
    }

    [Fact]
    public void UnknownProperties_AreKeptAtEveryLevel_NotSilentlyBound()
    {
        var definition = WorkflowDefinitionSerializer.Deserialize(Document);
        var intake = definition.Root.Activities[1];
        var connection = definition.Root.Connections[0];

        Assert.Equal(["toolVersion", "x-owner"], definition.Unknown!.Keys.Order());
        Assert.Equal(["autoUpdateConsumingWorkflows", "x-retention"], definition.Options!.Unknown!.Keys.Order());
        Assert.Equal(["storageDriverTypeName"], definition.Variables[0].Unknown!.Keys);
        Assert.Equal(["placeholder", "uiHint"], definition.Inputs[0].Unknown!.Keys.Order());
        Assert.Equal(["x-canvas"], definition.Root.Unknown!.Keys);
        Assert.Equal(["customProperties"], definition.Root.Activities[0].Unknown!.Keys);
        Assert.Equal(["version", "x-colour"], intake.Unknown!.Keys.Order());
        Assert.Equal(["memoryReference"], intake.Inputs["title"].Unknown!.Keys);
        Assert.Equal(["x-hint"], intake.Inputs["due"].Unknown!.Keys);
        Assert.Equal(["vertices", "x-label"], connection.Unknown!.Keys.Order());
        Assert.Equal(["x-anchor"], connection.Source.Unknown!.Keys);
        Assert.Equal(["x-anchor"], connection.Target.Unknown!.Keys);
    }

    [Theory]
    [InlineData("x-owner")]
    [InlineData("options.x-retention")]
    [InlineData("variables[0].storageDriverTypeName")]
    [InlineData("inputs[1].accept")]
    [InlineData("root.x-canvas")]
    [InlineData("root.activities[0].customProperties")]
    [InlineData("root.activities[1].x-colour")]
    [InlineData("root.activities[1].inputs.title.memoryReference")]
    [InlineData("root.activities[1].inputs.due.x-hint")]
    [InlineData("root.activities[1].inputs.assignTo.value.x-note")]
    [InlineData("root.connections[0].vertices")]
    [InlineData("root.connections[0].source.x-anchor")]
    [InlineData("root.connections[0].target.x-anchor")]
    [InlineData("metadata")]
    [InlineData("root.activities[0].metadata")]
    [InlineData("root.activities[1].metadata")]
    public void EachUnknownPropertyAndMetadata_SurvivesUnchanged(string path)
    {
        var saved = JsonNode.Parse(WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Deserialize(Document)));
        var original = JsonNode.Parse(Document);

        var (before, existsBefore) = At(original, path);
        var (after, existsAfter) = At(saved, path);

        Assert.True(existsBefore, $"the test document has no '{path}'");
        Assert.True(existsAfter, $"'{path}' was lost on save");
        AssertDeepEqual(before, after);
    }

    [Fact]
    public void AnExplicitNullInAnUnknownProperty_StaysNull()
    {
        var saved = JsonNode.Parse(WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Deserialize(Document)));

        var (hint, exists) = At(saved, "root.activities[1].inputs.due.x-hint");

        Assert.True(exists);
        Assert.Null(hint);
    }

    [Fact]
    public void SavingTwice_GivesTheSameText()
    {
        var once = WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Deserialize(Document));
        var twice = WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Deserialize(once));

        Assert.Equal(once, twice);
    }

    [Fact]
    public void Clone_KeepsUnknownPropertiesAndMetadata_AndIsIndependent()
    {
        var original = WorkflowDefinitionSerializer.Deserialize(Document);

        var clone = WorkflowDefinitionSerializer.Clone(original);
        clone.Root.Activities[0].Metadata!["designer"]!["position"]!["x"] = 999;

        AssertDeepEqual(JsonNode.Parse(Document), JsonNode.Parse(WorkflowDefinitionSerializer.Serialize(original)));
        Assert.Equal(999, clone.Root.Activities[0].Metadata!["designer"]!["position"]!["x"]!.GetValue<int>());
    }

    [Fact]
    public void ServerSetFields_StayAbsent_WhenAHandWrittenFileHasNone()
    {
        var handWritten = """{ "definitionId": "leave", "name": "请假", "root": { "activities": [ { "id": "start", "type": "Start" } ] } }""";

        var saved = JsonNode.Parse(WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Deserialize(handWritten)))!.AsObject();

        Assert.False(saved.ContainsKey("version"));
        Assert.False(saved.ContainsKey("isLatest"));
        Assert.False(saved.ContainsKey("isPublished"));
        Assert.False(saved.ContainsKey("options"));
        Assert.False(saved.ContainsKey("metadata"));
        Assert.False(saved["root"]!["activities"]![0]!.AsObject().ContainsKey("metadata"));
    }

    [Fact]
    public void ChineseText_IsSavedUnescaped_EverywhereItAppears()
    {
        var saved = WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Deserialize(Document));

        Assert.DoesNotContain("\\u", saved, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"公共政策健康审查\"", saved, StringComparison.Ordinal); // known property
        Assert.Contains("\"department\": \"卫健委\"", saved, StringComparison.Ordinal); // unknown property
        Assert.Contains("\"displayText\": \"受理（5个工作日）\"", saved, StringComparison.Ordinal); // metadata
        Assert.Contains("\"label\": \"材料不全，退回补正\"", saved, StringComparison.Ordinal); // literal input value
        Assert.Contains("健康审查受理：{{ input.policyTitle }}", saved, StringComparison.Ordinal); // Liquid
    }

    [Fact]
    public void Expressions_AreSavedAsWritten_WithoutEscapingOperatorsOrQuotes()
    {
        var definition = new Flow("escape").Start()
            .Activity("decide", "Decision", ("condition", Flow.Js("input.amount > 1000 && input.kind !== 'gift' || input.note == \"<b>\"")))
            .Build();

        var saved = WorkflowDefinitionSerializer.Serialize(definition);

        Assert.Contains("input.amount > 1000 && input.kind !== 'gift' || input.note == \\\"<b>\\\"", saved, StringComparison.Ordinal);
    }

    [Fact]
    public void CommentsAndTrailingCommas_AreAccepted()
    {
        var json = """
            {
              // hand-written
              "definitionId": "leave", /* 请假 */
              "name": "请假",
              "root": { "activities": [ { "id": "start", "type": "Start" }, ], },
            }
            """;

        var definition = WorkflowDefinitionSerializer.Deserialize(json);

        Assert.Equal("leave", definition.DefinitionId);
        Assert.Equal("start", Assert.Single(definition.Root.Activities).Id);
    }

    private static void AssertDeepEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"expected:\n{expected?.ToJsonString() ?? "null"}\nactual:\n{actual?.ToJsonString() ?? "null"}");

    /// <summary>The node at a simple path ("a.b[1].c"); exists is false when a step is missing (null values exist).</summary>
    private static (JsonNode? Node, bool Exists) At(JsonNode? root, string path)
    {
        var node = root;
        foreach (var step in path.Split('.'))
        {
            var name = step;
            int? index = null;
            if (step.EndsWith(']'))
            {
                var open = step.IndexOf('[', StringComparison.Ordinal);
                index = int.Parse(step[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                name = step[..open];
            }
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(name, out node))
            {
                return (null, false);
            }
            if (index is { } i)
            {
                if (node is not JsonArray array || i >= array.Count)
                {
                    return (null, false);
                }
                node = array[i];
            }
        }
        return (node, true);
    }
}
