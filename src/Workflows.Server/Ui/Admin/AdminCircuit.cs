using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Workflows.Server.Auth;

namespace Workflows.Server.Ui.Admin;

/// <summary>
/// Runs an administration page's call for the signed-in administrator in a service scope of its own (a circuit lives
/// for hours, a DbContext must not). The pages are for administrators already; this refuses anyone else as well,
/// the way the REST API's admin policy does.
/// </summary>
internal sealed class AdminCircuit(IServiceScopeFactory scopes, AuthenticationStateProvider authentication)
{
    public async Task<T> RunAsync<T>(Func<IServiceProvider, ClaimsPrincipal, Task<T>> work)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (!user.IsAdmin())
        {
            throw new UnauthorizedAccessException("administration is for administrators");
        }
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider, user);
    }
}
