using Workflows.Core.Definitions;

namespace Workflows.Designer.Services;

/// <summary>What the designer knows of activity types: the toolbox, the property editors and the ports of a node.</summary>
public interface IActivityCatalog
{
    IReadOnlyList<ActivityTypeInfo> Types { get; }

    ActivityTypeInfo? Find(string type);

    /// <summary>The outbound ports of an activity as configured now (a UserTask's outcomes, a Switch's cases).</summary>
    IReadOnlyList<string> PortsOf(ActivityDefinition activity);
}

public sealed record ActivityTypeInfo(string Type, string DisplayName, string Category, string? Description, IReadOnlyList<ActivityInputInfo> Inputs)
{
    /// <summary>Start and the start triggers (Timer, Cron, HttpEndpoint) have nothing flowing in.</summary>
    public bool HasInPort => !Workflows.Core.Triggers.StartTypes.IsStart(Type);
}

/// <param name="ValueType">bool, number, string, list or json: picks the fallback editor when no dedicated one exists.</param>
public sealed record ActivityInputInfo(string Name, string ValueType, bool Required, string? Description);

public static class ActivityTypes
{
    public const string Start = "Start";
    public const string End = "End";
    public const string UserTask = "UserTask";
    public const string Decision = "Decision";
}
