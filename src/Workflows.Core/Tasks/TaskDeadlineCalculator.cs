using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Calendar;

namespace Workflows.Core.Tasks;

/// <summary>
/// A task's deadlines from its <c>due</c> and <c>remindBefore</c> inputs. <c>due</c> is a number of working days,
/// an ISO-8601 duration, a date, or <c>{ workingDays | duration | at, hardWorkingDays | hardDuration | hardAt, from }</c>;
/// <c>from</c> (an instant) counts the working days and durations from then instead of from the task's creation, so
/// several steps can share one statutory window (the health review's 5 to 7 working days from receipt).
/// A working-day deadline is the end of that day; <c>remindBefore</c> (working days, default 1, or a duration) says
/// when the task turns yellow.
/// </summary>
public sealed class TaskDeadlineCalculator(DeadlineCalculator deadlines)
{
    public const int DefaultRemindBeforeWorkingDays = 1;

    /// <exception cref="FormatException">A duration or date does not parse.</exception>
    public TaskDeadlines Compute(DateTimeOffset createdAt, JsonNode? due, JsonNode? remindBefore)
    {
        var result = new TaskDeadlines();
        var spec = due switch
        {
            null => new JsonObject(),
            JsonObject obj => obj,
            JsonValue value when value.GetValueKind() == JsonValueKind.Number => new JsonObject { ["workingDays"] = value.DeepClone() },
            JsonValue value when value.ToString().StartsWith('P') => new JsonObject { ["duration"] = value.DeepClone() },
            _ => new JsonObject { ["at"] = due.DeepClone() },
        };
        var origin = spec["from"] is JsonValue from && from.GetValueKind() == JsonValueKind.String ? deadlines.ParseInstant(from.GetValue<string>()) : createdAt;
        (result.DueAt, var dueProvisional) = Deadline(origin, spec["workingDays"], spec["duration"], spec["at"]);
        (result.HardDueAt, var hardProvisional) = Deadline(origin, spec["hardWorkingDays"], spec["hardDuration"], spec["hardAt"]);
        result.Provisional = dueProvisional || hardProvisional;
        if (result.DueAt is { } dueAt)
        {
            result.RemindAt = RemindAt(dueAt, remindBefore);
            // A reminder due before the task existed (remindBefore longer than the due period) would go out at
            // assignment, beside the assignment's own e-mail: there is none.
            if (result.RemindAt < createdAt)
            {
                result.RemindAt = null;
            }
        }
        return result;
    }

    /// <summary>When a task due at <paramref name="dueAt"/> turns yellow and gets its 催办.</summary>
    public DateTimeOffset RemindAt(DateTimeOffset dueAt, JsonNode? remindBefore) => remindBefore switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => dueAt - DeadlineCalculator.ParseDuration(value.GetValue<string>()),
        JsonValue value => deadlines.StartOfWorkingDayBefore(dueAt, Math.Max(0, value.GetValue<int>() - 1)),
        _ => deadlines.StartOfWorkingDayBefore(dueAt, DefaultRemindBeforeWorkingDays - 1),
    };

    /// <summary>A date (the end of that day, local) or an instant, as an administrator types a new due date.</summary>
    /// <exception cref="FormatException">Neither.</exception>
    public DateTimeOffset ParseDueAt(string text) => text.Length == 10
        ? deadlines.EndOfDay(DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture))
        : deadlines.ParseInstant(text);

    private (DateTimeOffset? At, bool Provisional) Deadline(DateTimeOffset from, JsonNode? workingDays, JsonNode? duration, JsonNode? at)
    {
        if (workingDays is not null)
        {
            var (instant, provisional) = deadlines.EndOfWorkingDay(from, workingDays.GetValue<int>());
            return (instant, provisional);
        }
        if (duration is not null)
        {
            return (from + DeadlineCalculator.ParseDuration(duration.GetValue<string>()), false);
        }
        if (at is not null)
        {
            var text = at.GetValue<string>();
            // A bare date means the whole of that day.
            return (text.Length == 10 ? deadlines.EndOfDay(DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture)) : deadlines.ParseInstant(text), false);
        }
        return (null, false);
    }
}
