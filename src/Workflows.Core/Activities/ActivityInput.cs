namespace Workflows.Core.Activities;

/// <summary>Describes one input of an activity: its name in the definition JSON, its value type and whether it is required.</summary>
public interface IActivityInput
{
    string Name { get; }
    Type ValueType { get; }
    bool Required { get; }
    string? Description { get; }
}

public sealed class ActivityInput<T>(string name, bool required = false, string? description = null) : IActivityInput
{
    public string Name { get; } = name;
    public Type ValueType => typeof(T);
    public bool Required { get; } = required;
    public string? Description { get; } = description;
}
