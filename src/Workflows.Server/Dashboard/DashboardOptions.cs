namespace Workflows.Server.Dashboard;

/// <summary>Section <c>Workflows:Dashboard</c>: how long what was read for a viewer's figures is kept (<see cref="DashboardSnapshots"/>).</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Workflows:Dashboard";

    /// <summary>
    /// How long what was read of the work a viewer sees is kept before everything is read again, in the background: the
    /// viewer is served the kept figures meanwhile, and the look after that read ends shows it. In between, only the
    /// matters that heard steps are read again, and deadlines passing are counted from what is kept. It bounds what no
    /// saved step announces: a person moved to another department, a corrected calendar, and a matter the viewer acted in
    /// earlier finishing in other people's hands (the weekly chart). Zero reads everything on every look, the viewer waiting.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(1);
}
