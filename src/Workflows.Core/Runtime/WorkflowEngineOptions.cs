namespace Workflows.Core.Runtime;

public sealed class WorkflowEngineOptions
{
    /// <summary>A burst that executes more activities than this without waiting faults as a possible infinite loop.</summary>
    public int MaxActivitiesPerBurst { get; set; } = 10_000;

    /// <summary>The largest a single variable may be, as UTF-8 JSON; a larger one faults the instance.</summary>
    public int MaxVariableBytes { get; set; } = 256 * 1024;

    /// <summary>The largest the variables and result together may be, as UTF-8 JSON; more faults the instance.</summary>
    public int MaxStateBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>The office's time zone: working days and dates in definitions are local to it.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>How many 督办 e-mails an overdue task gets at most before the hard due date's second level.</summary>
    public int MaxEscalations { get; set; } = 5;

    public TimeZoneInfo ResolveTimeZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone)
            ? zone
            : TimeZoneInfo.CreateCustomTimeZone(TimeZone, TimeSpan.FromHours(8), TimeZone, TimeZone);
}
