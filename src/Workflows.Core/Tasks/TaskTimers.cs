using System.Text.Json.Nodes;
using Workflows.Core.Runtime;

namespace Workflows.Core.Tasks;

/// <summary>A timer an open bookmark needs: its stable id, what firing it does, and when.</summary>
public sealed record PlannedTimer(string Id, string BookmarkId, string Action, DateTimeOffset DueAt);

/// <summary>
/// The timers each open bookmark needs now: a Delay's wake-up, a task's 催办 before its due date, its next 督办 from
/// the due date on, its second-level 督办 at the hard due date. A timer's id names what it does (the n-th escalation
/// has its own id), so a store can keep exactly the planned set and a fired timer is never planned again.
/// </summary>
public static class TaskTimers
{
    public const string Wake = "wake";
    public const string Remind = "remind";
    public const string Escalate = "escalate";
    public const string EscalateSecondLevel = "escalate-second-level";

    public static IEnumerable<PlannedTimer> Plan(Bookmark bookmark)
    {
        if (bookmark.Kind == BookmarkKinds.Timer && bookmark.DueAt is { } wakeAt)
        {
            yield return new($"{bookmark.Id}.{Wake}", bookmark.Id, Wake, wakeAt);
        }
        if (bookmark.Kind != BookmarkKinds.UserTask)
        {
            yield break;
        }
        var task = TaskState.Read(bookmark);
        var (deadlines, alerts) = (task.Deadlines, task.Alerts);
        if (deadlines.RemindAt is { } remindAt && alerts.RemindedAt is null && alerts.Escalations == 0)
        {
            yield return new($"{bookmark.Id}.{Remind}", bookmark.Id, Remind, remindAt);
        }
        if (deadlines.DueAt is { } dueAt && !alerts.EscalationsDone)
        {
            yield return new($"{bookmark.Id}.{Escalate}.{alerts.Escalations + 1}", bookmark.Id, Escalate, alerts.NextEscalationAt ?? dueAt);
        }
        if (deadlines.HardDueAt is { } hardDueAt && alerts.SecondLevelAt is null)
        {
            yield return new($"{bookmark.Id}.{EscalateSecondLevel}", bookmark.Id, EscalateSecondLevel, hardDueAt);
        }
    }

    /// <summary>What the engine is asked to do when a timer of <paramref name="action"/> fires (its id carries the escalation's number).</summary>
    public static ResumeRequest Request(string timerId, string action) => action switch
    {
        Wake => new ResumeRequest(),
        Remind => new ResumeRequest { Action = TaskActions.Remind },
        Escalate => new ResumeRequest
        {
            Action = TaskActions.Escalate,
            Payload = new JsonObject { ["level"] = 1, ["sequence"] = int.Parse(timerId[(timerId.LastIndexOf('.') + 1)..], System.Globalization.CultureInfo.InvariantCulture) },
        },
        EscalateSecondLevel => new ResumeRequest { Action = TaskActions.Escalate, Payload = new JsonObject { ["level"] = 2 } },
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not a timer action"),
    };
}
