namespace Workflows.Server.Dashboard;

/// <summary>Section <c>Workflows:Dashboard</c>: how long a viewer's figures are kept (<see cref="DashboardSnapshots"/>).</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Workflows:Dashboard";

    /// <summary>
    /// How long a viewer's figures are served from memory while no change to the work they see has been heard. It bounds
    /// what no saved step announces: a deadline passing into due soon or overdue, a renamed procedure or department, and a
    /// matter the viewer started or acted in earlier finishing in other people's hands (the weekly chart).
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(1);
}
