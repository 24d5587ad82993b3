using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Workflows.Core.Definitions;

/// <summary>A low-code workflow definition in the Elsa-3 JSON shape (see docs/design.md, "Definition format").</summary>
public sealed class WorkflowDefinition
{
    public string DefinitionId { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    // Set by the server; absent in hand-written files, so they stay absent on save.
    public int? Version { get; set; }
    public bool? IsLatest { get; set; }
    public bool? IsPublished { get; set; }

    public WorkflowOptions? Options { get; set; }
    public List<VariableDefinition> Variables { get; set; } = [];
    public List<InputDefinition> Inputs { get; set; } = [];
    public FlowchartDefinition Root { get; set; } = new();
    public JsonObject? Metadata { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

public sealed class WorkflowOptions
{
    /// <summary>Roles allowed to start the workflow; empty means anyone signed in.</summary>
    public List<string> StarterRoles { get; set; } = [];

    /// <summary>Roles besides administrators that may adjust running matters (改派, 延期, 跳转, set a variable); absent when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? AdjusterRoles { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

public sealed class VariableDefinition
{
    public string Name { get; set; } = "";
    public string? Type { get; set; }
    public JsonNode? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>A start input (form field) the starter fills in.</summary>
public sealed class InputDefinition
{
    public string Name { get; set; } = "";
    public string? Label { get; set; }
    public string Type { get; set; } = FieldTypes.Text;
    public bool Required { get; set; }
    /// <summary>In a task's form: required only when the task is completed with one of these outcomes (适用例外 needs its assessment report).</summary>
    public List<string>? RequiredFor { get; set; }
    /// <summary>For a <see cref="FieldTypes.Matters"/> field: the step of this procedure the chosen matters must be waiting at.</summary>
    public string? WaitingAt { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

public static class FieldTypes
{
    public const string Text = "text";
    public const string Textarea = "textarea";
    public const string Number = "number";
    public const string Date = "date";
    public const string Select = "select";
    public const string Checkbox = "checkbox";
    public const string File = "file";
    public const string Checklist = "checklist";
    /// <summary>A department code of the organisation (a case's party: the hazard unit, its industry department, …).</summary>
    public const string Department = "department";
    /// <summary>A user name of the organisation.</summary>
    public const string User = "user";
    /// <summary>A list of user names of the organisation (e.g. the experts a review is sent to).</summary>
    public const string Users = "users";
    /// <summary>Other running matters of the same procedure, each waiting at the field's <see cref="InputDefinition.WaitingAt"/> step (合并销案).</summary>
    public const string Matters = "matters";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Text, Textarea, Number, Date, Select, Checkbox, File, Checklist, Department, User, Users, Matters]);
}

public sealed class FlowchartDefinition
{
    public const string RootType = "Flowchart";

    public string Type { get; set; } = RootType;
    public List<ActivityDefinition> Activities { get; set; } = [];
    public List<ConnectionDefinition> Connections { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

public sealed class ActivityDefinition
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public string? Name { get; set; }
    public Dictionary<string, ExpressionDefinition> Inputs { get; set; } = [];
    public JsonObject? Metadata { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>Every activity input is an expression: a literal JSON value, a JavaScript expression or a Liquid template.</summary>
public sealed class ExpressionDefinition
{
    public string Type { get; set; } = ExpressionTypes.Literal;
    public JsonNode? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }

    public static ExpressionDefinition Literal(JsonNode? value) => new() { Type = ExpressionTypes.Literal, Value = value };
    public static ExpressionDefinition JavaScript(string script) => new() { Type = ExpressionTypes.JavaScript, Value = script };
    public static ExpressionDefinition Liquid(string template) => new() { Type = ExpressionTypes.Liquid, Value = template };
}

public static class ExpressionTypes
{
    public const string Literal = "Literal";
    public const string JavaScript = "JavaScript";
    public const string Liquid = "Liquid";
}

public sealed class ConnectionDefinition
{
    public Endpoint Source { get; set; } = new();
    public Endpoint Target { get; set; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }

    [JsonIgnore]
    public string Key => $"{Source.Activity}:{Source.Port}->{Target.Activity}";
}

public sealed class Endpoint
{
    public string Activity { get; set; } = "";
    public string Port { get; set; } = "";

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
