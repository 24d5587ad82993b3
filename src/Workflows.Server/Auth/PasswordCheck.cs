using System.Net;
using Microsoft.AspNetCore.Identity;
using Workflows.Persistence.Organisation;
using Workflows.Server.Audit;

namespace Workflows.Server.Auth;

public enum SignInVerdict
{
    Succeeded,
    WrongCredentials,
    Throttled,
    Disabled,
}

public sealed record SignInCheck(SignInVerdict Verdict, WorkflowUser? User = null, DateTimeOffset? BlockedUntil = null);

/// <summary>
/// Checks a user name and password for the API and the UI alike. An unknown user costs the same hashing work and
/// gets the same answer as a wrong password, so timing and wording do not tell which accounts exist; failures are
/// throttled per account and address (<see cref="LoginThrottle"/>), logged and audited.
/// </summary>
public sealed class PasswordCheck(
    UserManager<WorkflowUser> users, IPasswordHasher<WorkflowUser> hasher, LoginThrottle throttle, IAuditTrail audit, ILogger<PasswordCheck> logger)
{
    private static string? s_dummyHash;

    public async Task<SignInCheck> CheckAsync(string userName, string password, IPAddress? address, CancellationToken cancellationToken)
    {
        if (throttle.BlockedUntil(userName, address) is { } until)
        {
            await audit.RecordAsync(AuditActions.SignInFailed, userName, new { reason = "throttled", until }, cancellationToken, userName, address?.ToString());
            return new SignInCheck(SignInVerdict.Throttled, BlockedUntil: until);
        }
        var user = await users.FindByNameAsync(userName);
        var matches = user is null ? VerifyDummy(password) : await users.CheckPasswordAsync(user, password);
        if (!matches)
        {
            var blocked = throttle.Failed(userName, address);
            await audit.RecordAsync(AuditActions.SignInFailed, userName, new { reason = "wrong user name or password" }, cancellationToken, userName, address?.ToString());
            if (blocked)
            {
                logger.LogWarning("Sign-in for {UserName} from {Address} is refused for a while after repeated failures", userName, address);
                await audit.RecordAsync(AuditActions.Lockout, userName, new { address = address?.ToString() }, cancellationToken, userName, address?.ToString());
            }
            return new SignInCheck(SignInVerdict.WrongCredentials);
        }
        throttle.Succeeded(userName, address);
        if (user!.IsDisabled)
        {
            await audit.RecordAsync(AuditActions.SignInFailed, userName, new { reason = "disabled" }, cancellationToken, userName, address?.ToString());
            return new SignInCheck(SignInVerdict.Disabled, user);
        }
        return new SignInCheck(SignInVerdict.Succeeded, user);
    }

    /// <summary>The same hashing work as a real check, against a hash no password matches in practice.</summary>
    private bool VerifyDummy(string password)
    {
        var dummy = new WorkflowUser();
        s_dummyHash ??= hasher.HashPassword(dummy, Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(dummy, s_dummyHash, password);
        return false;
    }
}
