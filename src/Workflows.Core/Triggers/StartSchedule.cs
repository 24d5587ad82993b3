using System.Globalization;
using System.Text.Json.Nodes;
using Cronos;
using Workflows.Core.Calendar;
using Workflows.Core.Definitions;

namespace Workflows.Core.Triggers;

/// <summary>
/// When a definition that begins at a Timer or Cron starts new instances: one cron expression (five fields, or six
/// with seconds first), read in the office's time zone. A Timer's interval must divide a minute, an hour or a day,
/// so it can be written as cron (every 15 minutes, every 2 hours); a recurring job runs it.
/// </summary>
public sealed record StartSchedule(string ActivityId, string Kind, string Cron)
{
    public const string IntervalInput = "interval";
    public const string CronInput = "cronExpression";

    /// <summary>The schedule of the definition's start, null when it does not start on a schedule.</summary>
    /// <exception cref="FormatException">The interval or the cron expression cannot be scheduled.</exception>
    public static StartSchedule? Of(WorkflowDefinition definition)
    {
        var start = definition.Root.Activities.FirstOrDefault(a => StartTypes.IsStart(a.Type));
        if (start is null || !StartTypes.IsScheduled(start.Type))
        {
            return null;
        }
        var name = start.Type == StartTypes.Timer ? IntervalInput : CronInput;
        var text = start.Inputs.TryGetValue(name, out var expression) && expression.Value is JsonValue value ? value.ToString() : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException($"{start.Type} needs a literal '{name}'");
        }
        var cron = start.Type == StartTypes.Timer ? CronOfInterval(DeadlineCalculator.ParseDuration(text)) : CheckedCron(text);
        return new StartSchedule(start.Id, start.Type, cron);
    }

    /// <summary>The next start after <paramref name="now"/>, as the office's clock reads the expression.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset now, TimeZoneInfo zone) => Parse(Cron).GetNextOccurrence(now, zone);

    /// <summary>An interval as cron: whole seconds dividing a minute, minutes dividing an hour, hours dividing a day, or one day.</summary>
    public static string CronOfInterval(TimeSpan interval)
    {
        static string Every(int n) => n == 1 ? "*" : "*/" + n.ToString(CultureInfo.InvariantCulture);
        if (interval > TimeSpan.Zero && interval.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            var seconds = (long)interval.TotalSeconds;
            if (seconds < 60 && 60 % seconds == 0)
            {
                return $"{Every((int)seconds)} * * * * *";
            }
            if (seconds % 60 == 0 && seconds < 3600 && 60 % (seconds / 60) == 0)
            {
                return $"0 {Every((int)(seconds / 60))} * * * *";
            }
            if (seconds % 3600 == 0 && seconds < 86400 && 24 % (seconds / 3600) == 0)
            {
                return $"0 0 {Every((int)(seconds / 3600))} * * *";
            }
            if (seconds == 86400)
            {
                return "0 0 0 * * *";
            }
        }
        throw new FormatException(
            $"an interval of {System.Xml.XmlConvert.ToString(interval)} cannot be scheduled: use seconds dividing a minute, minutes dividing an hour, hours dividing a day, or one day (else a Cron)");
    }

    private static string CheckedCron(string text)
    {
        var cron = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Parse(cron);
        return cron;
    }

    private static CronExpression Parse(string cron)
    {
        var fields = cron.Split(' ').Length;
        if (fields is not (5 or 6) || !CronExpression.TryParse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard, out var parsed))
        {
            throw new FormatException($"'{cron}' is not a cron expression (five fields, or six with seconds first)");
        }
        return parsed;
    }
}
