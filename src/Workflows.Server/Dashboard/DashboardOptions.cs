namespace Workflows.Server.Dashboard;

/// <summary>Section <c>Workflows:Dashboard</c>: how long what was read for a viewer's figures is kept (<see cref="DashboardSnapshots"/>).</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Workflows:Dashboard";

    /// <summary>
    /// How long what was read of the work a viewer sees is kept before everything is read again; in between, only the
    /// matters that heard steps changed are read again. It bounds what no saved step announces: a deadline passing into
    /// due soon or overdue, a renamed procedure or department, a person moved to another department, a corrected
    /// calendar, and a matter the viewer acted in earlier finishing in other people's hands (the weekly chart).
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(1);
}
