using System.Security.Claims;
using Workflows.Server.Auth;

namespace Workflows.Server.Ui.Admin;

/// <summary>
/// Runs an administration page's call like any page's (<see cref="UserCircuit"/>). The pages are for administrators
/// already; this refuses anyone else as well, the way the REST API's admin policy does.
/// </summary>
internal sealed class AdminCircuit(UserCircuit circuit)
{
    public Task<T> RunAsync<T>(Func<IServiceProvider, ClaimsPrincipal, Task<T>> work) => circuit.RunAsync((sp, user) =>
        user.IsAdmin() ? work(sp, user) : throw new UnauthorizedAccessException("administration is for administrators"));
}
