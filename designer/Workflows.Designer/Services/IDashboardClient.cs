namespace Workflows.Designer.Services;

/// <summary>Open and late work and handling times, as the signed-in user may see them (administrators: everything; others: their own and their reports' work).</summary>
public interface IDashboardClient
{
    Task<DashboardView> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The ways the work the dashboard counts reaches people (the user's own, as <see cref="IWorkClient.ReachAsync"/>, and
    /// the people they supervise), for <see cref="IWorkChanges.WatchReach"/>; null for administrators, who see everything.
    /// </summary>
    Task<IReadOnlyList<string>?> ReachAsync(CancellationToken cancellationToken);
}

/// <param name="Overdue">The most overdue tasks, most working days late first; at most the number asked for.</param>
/// <param name="Days">The window of <paramref name="StepTimes"/>, in calendar days back from today.</param>
/// <param name="Weeks">Matters started and finished per week, oldest first, the current week last.</param>
/// <param name="OverdueTotal">All overdue tasks, of which <paramref name="Overdue"/> lists the first.</param>
/// <param name="OverdueSteps">All overdue tasks counted by procedure and step, the most first.</param>
/// <param name="AsOf">When the figures were summed up: again when the viewer's work changes or a deadline passes; everything is read again in the background every minute.</param>
public sealed record DashboardView(
    IReadOnlyList<WorkloadRow> ByProcedure, IReadOnlyList<WorkloadRow> ByDepartment, IReadOnlyList<OverdueTask> Overdue,
    IReadOnlyList<StepTime> StepTimes, int Days, IReadOnlyList<WeekCount> Weeks, int OverdueTotal, IReadOnlyList<OverdueStep> OverdueSteps,
    DateTimeOffset AsOf);

/// <summary>Overdue tasks of one step of one procedure.</summary>
public sealed record OverdueStep(string Procedure, string Step, int Count);

/// <summary>One week, Monday to Sunday in the office's zone: matters started in it and matters that ended in it.</summary>
public sealed record WeekCount(DateOnly Monday, int Started, int Finished);

/// <summary>
/// Open tasks of one procedure or department: all, due soon (yellow), overdue (red). A department row's
/// <see cref="Key"/> is empty for tasks no department can be named for (offered to a role nobody holds).
/// </summary>
public sealed record WorkloadRow(string Key, string Name, int Open, int DueSoon, int Overdue);

public sealed record OverdueTask(
    string TaskId, string InstanceId, string Procedure, string Title, IReadOnlyList<string> Assignees, string? Department,
    DateTimeOffset DueAt, int WorkingDaysOverdue);

/// <summary>Handling time of one step in working days, over the tasks completed in the window.</summary>
public sealed record StepTime(string Procedure, string Step, int Completed, double AverageWorkingDays, double P90WorkingDays);
