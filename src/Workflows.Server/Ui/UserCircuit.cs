using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Workflows.Server.Ui;

/// <summary>
/// Runs a page's call as the signed-in user in a service scope of its own: a circuit lives for hours, a DbContext
/// must not.
/// </summary>
internal sealed class UserCircuit(IServiceScopeFactory scopes, AuthenticationStateProvider authentication)
{
    public async Task<T> RunAsync<T>(Func<IServiceProvider, ClaimsPrincipal, Task<T>> work)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Audit.AuditActor>().User = user;
        return await work(scope.ServiceProvider, user);
    }
}
