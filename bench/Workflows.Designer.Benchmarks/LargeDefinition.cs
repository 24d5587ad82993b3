using System.Text.Json.Nodes;

namespace Workflows.Designer.Benchmarks;

/// <summary>
/// A large, valid procedure: Start, 148 user tasks in a chain (each approves forward or returns to the one before)
/// and an End, laid out on a grid; 150 activities and 200 connections, the size Elsa Studio users report as slow.
/// </summary>
public static class LargeDefinition
{
    public const string Id = "bench-large";
    public const int Tasks = 148;
    public const int Activities = Tasks + 2;
    public const int ReturnEdges = 51;
    public const int Connections = Tasks + 1 + ReturnEdges;

    public static string Json()
    {
        var activities = new JsonArray();
        var connections = new JsonArray();
        var ids = new List<string> { "start" };
        activities.Add(Activity("start", "Start", "开始", 0, new JsonObject()));
        for (var i = 1; i <= Tasks; i++)
        {
            ids.Add($"t{i}");
            activities.Add(Activity($"t{i}", "UserTask", $"第{i}步审核", i, new JsonObject
            {
                ["title"] = Literal($"第{i}步审核"),
                ["assignTo"] = Literal(new JsonObject { ["roles"] = new JsonArray("gov-office") }),
                ["outcomes"] = Literal(new JsonArray(
                    new JsonObject { ["name"] = "ok", ["label"] = "同意" },
                    new JsonObject { ["name"] = "back", ["label"] = "退回", ["requiresComment"] = true })),
                ["due"] = Literal(new JsonObject { ["workingDays"] = 3 }),
            }));
        }
        ids.Add("end");
        activities.Add(Activity("end", "End", "办结", Tasks + 1, new JsonObject { ["result"] = Literal("done") }));
        for (var i = 0; i < ids.Count - 1; i++)
        {
            connections.Add(Connection(ids[i], i == 0 ? "Done" : "ok", ids[i + 1]));
        }
        for (var i = 2; i < 2 + ReturnEdges; i++)
        {
            connections.Add(Connection($"t{i}", "back", $"t{i - 1}"));
        }
        return new JsonObject
        {
            ["definitionId"] = Id,
            ["name"] = "大流程（150 个活动）",
            ["root"] = new JsonObject { ["type"] = "Flowchart", ["activities"] = activities, ["connections"] = connections },
        }.ToJsonString();
    }

    private static JsonObject Activity(string id, string type, string name, int index, JsonObject inputs) => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["name"] = name,
        ["inputs"] = inputs,
        ["metadata"] = new JsonObject
        {
            ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = index % 10 * 260, ["y"] = index / 10 * 180 } },
        },
    };

    private static JsonObject Literal(JsonNode value) => new() { ["type"] = "Literal", ["value"] = value };

    private static JsonObject Connection(string from, string port, string to) => new()
    {
        ["source"] = new JsonObject { ["activity"] = from, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
    };
}
