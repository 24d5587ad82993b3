using System.Text.Json.Nodes;
using Workflows.Core.Runtime;

namespace Workflows.Core.Activities;

/// <summary>Waits until a named signal is sent to the instance; its payload can be kept in a variable.</summary>
[Activity("WaitSignal", DisplayName = "等待信号 Wait for signal", Category = "Time", Description = "Resumes on a named signal sent through the API.")]
public sealed class WaitSignal : Activity
{
    public static readonly ActivityInput<string> SignalName = new("signal", required: true);
    public static readonly ActivityInput<string> Variable = new("variable", description: "Variable that receives the signal's payload.");

    public override ActivityResult Execute(ActivityContext context)
    {
        var signal = context.Get(SignalName);
        if (string.IsNullOrWhiteSpace(signal))
        {
            throw new InvalidOperationException("WaitSignal needs a signal name");
        }
        var payload = new JsonObject { [SignalName.Name] = signal, [Variable.Name] = context.Get(Variable) };
        return ActivityResult.Suspend(context.CreateBookmark(BookmarkKinds.Signal, payload));
    }

    public override ActivityResult Resume(ActivityContext context, Bookmark bookmark, ResumeRequest request)
    {
        if (bookmark.Payload[Variable.Name]?.GetValue<string>() is { Length: > 0 } variable)
        {
            context.SetVariable(variable, request.Payload);
        }
        return ActivityResult.Done();
    }
}
