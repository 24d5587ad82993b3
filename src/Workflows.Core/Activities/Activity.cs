using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;

namespace Workflows.Core.Activities;

/// <summary>
/// An activity is a stateless class: typed inputs declared as static <see cref="ActivityInput{T}"/> fields, named
/// outcomes as constants, and an <see cref="Execute"/> that completes with outcomes, suspends on a bookmark or ends
/// the workflow. Register the class with <c>AddActivity&lt;T&gt;()</c>; nothing else is needed.
/// </summary>
public abstract class Activity
{
    /// <summary>The outbound ports this activity can complete with, for validation and the designer.</summary>
    public virtual IEnumerable<string> GetPorts(ActivityDefinition activity) => [Ports.Done];

    public abstract ActivityResult Execute(ActivityContext context);

    /// <summary>Continues a suspended activity; bad requests throw <see cref="WorkflowCommandException"/> and change nothing.</summary>
    public virtual ActivityResult Resume(ActivityContext context, Bookmark bookmark, ResumeRequest request) =>
        throw new WorkflowCommandException(ErrorCodes.NotResumable, $"activity '{context.Activity.Id}' cannot be resumed");

    /// <summary>Checks beyond the generic ones (required inputs, expression syntax), e.g. literal values out of range.</summary>
    public virtual IEnumerable<ValidationProblem> Validate(ActivityDefinition activity) => [];
}

public static class Ports
{
    public const string Done = "Done";
    public const string In = "In";
}

[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string type) : Attribute
{
    public string Type { get; } = type;
    public string? DisplayName { get; init; }
    public string Category { get; init; } = "General";
    public string? Description { get; init; }
}
