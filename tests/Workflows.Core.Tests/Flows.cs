using System.Text.Json.Nodes;
using Workflows.Core.Definitions;

namespace Workflows.Core.Tests;

/// <summary>Builds definitions in code, the same shape as the JSON files.</summary>
public sealed class Flow(string definitionId)
{
    private readonly WorkflowDefinition _definition = new() { DefinitionId = definitionId, Name = definitionId };

    public static ExpressionDefinition Lit(JsonNode? value) => ExpressionDefinition.Literal(value);
    public static ExpressionDefinition Js(string script) => ExpressionDefinition.JavaScript(script);
    public static ExpressionDefinition Liquid(string template) => ExpressionDefinition.Liquid(template);

    public Flow Activity(string id, string type, params (string Name, ExpressionDefinition Value)[] inputs)
    {
        _definition.Root.Activities.Add(new ActivityDefinition
        {
            Id = id,
            Type = type,
            Inputs = inputs.ToDictionary(i => i.Name, i => i.Value),
        });
        return this;
    }

    public Flow Start(string id = "start") => Activity(id, "Start");

    public Flow End(string id = "end", string? result = null) =>
        result is null ? Activity(id, "End") : Activity(id, "End", ("result", Lit(result)));

    public Flow Task(string id, params string[] outcomes) => Activity(id, "UserTask",
        ("title", Lit(id)),
        ("assignTo", Lit(new JsonObject { ["roles"] = new JsonArray("reviewer") })),
        ("outcomes", Lit(new JsonArray(outcomes.Select(o => (JsonNode)new JsonObject { ["name"] = o }).ToArray()))));

    public Flow Connect(string source, string target, string port = "Done")
    {
        _definition.Root.Connections.Add(new ConnectionDefinition
        {
            Source = new Endpoint { Activity = source, Port = port },
            Target = new Endpoint { Activity = target, Port = "In" },
        });
        return this;
    }

    public Flow Input(string name, string type = "text", bool required = true)
    {
        _definition.Inputs.Add(new InputDefinition { Name = name, Type = type, Required = required });
        return this;
    }

    public Flow Variable(string name, JsonNode? value)
    {
        _definition.Variables.Add(new VariableDefinition { Name = name, Value = value });
        return this;
    }

    public WorkflowDefinition Build() => WorkflowDefinitionSerializer.Clone(_definition);
}
