namespace Workflows.Core.Activities;

/// <summary>Ends the instance as Faulted with the message, as an incident an administrator sees.</summary>
[Activity("Fault", DisplayName = "故障 Fault", Category = "Flow", Description = "Stops the instance as faulted with a message.")]
public sealed class Fault : Activity
{
    public static readonly ActivityInput<string> Message = new("message", required: true);
    public static readonly ActivityInput<string> Code = new("code", description: "An optional error code shown before the message.");

    public override IEnumerable<string> GetPorts(Definitions.ActivityDefinition activity) => [];

    public override ActivityResult Execute(ActivityContext context)
    {
        var message = context.Get(Message);
        throw new WorkflowFaultException(context.Get(Code) is { Length: > 0 } code ? $"{code}: {message}" : message ?? "");
    }
}

/// <summary>A fault the definition asked for; the burst records it like any other fault.</summary>
public sealed class WorkflowFaultException(string message) : Exception(message);
