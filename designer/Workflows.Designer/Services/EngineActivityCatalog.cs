using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;

namespace Workflows.Designer.Services;

/// <summary>The engine's activity registry as the designer sees it (pure engine code, so it runs in WebAssembly too): what the toolbox offers and which ports a node has.</summary>
public sealed class EngineActivityCatalog(ActivityRegistry registry) : IActivityCatalog
{
    private readonly IReadOnlyList<ActivityTypeInfo> _types = registry.Descriptors
        .Select(d => new ActivityTypeInfo(d.Type, d.DisplayName, d.Category, d.Description,
            d.Inputs.Select(i => new ActivityInputInfo(i.Name, ValueTypeOf(i.ValueType), i.Required, i.Description)).ToList()))
        .OrderBy(t => t.Category).ThenBy(t => t.DisplayName)
        .ToList();

    public IReadOnlyList<ActivityTypeInfo> Types => _types;

    public ActivityTypeInfo? Find(string type) => _types.FirstOrDefault(t => t.Type == type);

    public IReadOnlyList<string> PortsOf(ActivityDefinition activity)
    {
        if (registry.Find(activity.Type) is not { } descriptor)
        {
            return [];
        }
        try
        {
            return descriptor.Activity.GetPorts(activity).Distinct().ToList();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            // A half-typed input must not break the canvas; validation names the problem.
            return [];
        }
    }

    private static string ValueTypeOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? "string"
            : t == typeof(bool) ? "bool"
            : t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(decimal) ? "number"
            : t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) ? "list"
            : t == typeof(JsonNode) ? "json"
            : "json";
    }
}
