using System.Text.Json.Nodes;
using Workflows.Core.Definitions;

namespace Workflows.Designer.Canvas;

/// <summary>What a new activity from the toolbox starts with, so it is close to valid and shows its ports at once.</summary>
public static class ActivityDefaults
{
    public static IEnumerable<(string Input, ExpressionDefinition Value)> For(string type) => type switch
    {
        "UserTask" =>
        [
            ("title", ExpressionDefinition.Literal("")),
            ("outcomes", ExpressionDefinition.Literal(new JsonArray(new JsonObject { ["name"] = "done", ["label"] = "完成" }))),
        ],
        "Decision" => [("condition", ExpressionDefinition.JavaScript("true"))],
        "Fork" => [("branches", ExpressionDefinition.Literal(new JsonArray("a", "b")))],
        "Switch" => [("cases", ExpressionDefinition.Literal(new JsonArray()))],
        _ => [],
    };
}
