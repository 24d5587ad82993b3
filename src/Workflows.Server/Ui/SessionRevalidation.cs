using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Workflows.Server.Auth;

namespace Workflows.Server.Ui;

/// <summary>
/// A page stays open for hours on a circuit that never sees the cookie again: this re-checks the person's security
/// stamp every half minute and ends the circuit's sign-in when the stamp changed (role change, password reset,
/// disable, sign-out elsewhere) or nobody touched the page for <see cref="AuthOptions.IdleTimeout"/>.
/// </summary>
internal sealed class SessionRevalidation(
    ILoggerFactory loggers, SecurityStamps stamps, CircuitActivity activity, IOptions<IdentityOptions> identity, IOptions<AuthOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        if (activity.IdleFor() > options.Value.IdleTimeout)
        {
            return false;
        }
        var user = state.User;
        return user.Identity?.Name is { } name
            && await stamps.IsCurrentAsync(name, user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType), cancellationToken);
    }
}

/// <summary>When the browser last did something on this circuit (a click, a key, a navigation).</summary>
internal sealed class CircuitActivity(TimeProvider time) : CircuitHandler
{
    private long _lastTicks = time.GetUtcNow().UtcTicks;

    public TimeSpan IdleFor() => time.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref _lastTicks), TimeSpan.Zero);

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) => context =>
    {
        Interlocked.Exchange(ref _lastTicks, time.GetUtcNow().UtcTicks);
        return next(context);
    };
}
