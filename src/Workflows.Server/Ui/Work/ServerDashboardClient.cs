using Workflows.Designer.Services;
using Workflows.Server.Dashboard;

namespace Workflows.Server.Ui.Work;

/// <summary>The dashboard page's figures, computed in the circuit's user's own scope.</summary>
internal sealed class ServerDashboardClient(UserCircuit circuit, DashboardFigures figures) : IDashboardClient
{
    public Task<DashboardView> LoadAsync(CancellationToken cancellationToken) =>
        circuit.RunAsync((sp, user) => figures.LoadAsync(sp, user, cancellationToken));

    public Task<IReadOnlyList<string>?> ReachAsync(CancellationToken cancellationToken) =>
        circuit.RunAsync((sp, user) => Task.FromResult(figures.ReachOf(sp, user)));
}
