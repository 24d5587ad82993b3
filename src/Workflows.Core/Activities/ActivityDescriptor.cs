using System.Reflection;

namespace Workflows.Core.Activities;

/// <summary>What the engine, the validator and the designer know of an activity type.</summary>
public sealed class ActivityDescriptor
{
    private ActivityDescriptor(string type, Activity activity, ActivityAttribute? attribute, IReadOnlyList<IActivityInput> inputs)
    {
        Type = type;
        Activity = activity;
        DisplayName = attribute?.DisplayName ?? type;
        Category = attribute?.Category ?? "General";
        Description = attribute?.Description;
        Inputs = inputs;
    }

    public string Type { get; }
    public string DisplayName { get; }
    public string Category { get; }
    public string? Description { get; }
    public IReadOnlyList<IActivityInput> Inputs { get; }
    public Activity Activity { get; }

    public static ActivityDescriptor Describe(Activity activity)
    {
        var clr = activity.GetType();
        var attribute = clr.GetCustomAttribute<ActivityAttribute>();
        var inputs = clr.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => typeof(IActivityInput).IsAssignableFrom(f.FieldType))
            .Select(f => (IActivityInput)f.GetValue(null)!)
            .ToList();
        return new ActivityDescriptor(attribute?.Type ?? clr.Name, activity, attribute, inputs);
    }
}
