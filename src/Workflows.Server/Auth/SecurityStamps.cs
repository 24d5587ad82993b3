using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Workflows.Persistence;

namespace Workflows.Server.Auth;

/// <summary>
/// Whether a token's or cookie's security stamp is still the person's current one. Identity changes the stamp on a
/// password reset, and this product also on a role change, a disable and a sign-out, so every credential issued
/// before dies. Answers are cached per node for <see cref="AuthOptions.SecurityStampCacheDuration"/> (the delay
/// another node's change may take); a change made on this node is seen at once.
/// </summary>
public sealed class SecurityStamps(IServiceScopeFactory scopes, IMemoryCache cache, IOptions<AuthOptions> options)
{
    /// <summary>The claim a bearer token carries the stamp in; the cookie uses Identity's own claim.</summary>
    public const string TokenClaim = "stamp";

    public async Task<bool> IsCurrentAsync(string userName, string? stamp, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(stamp))
        {
            return false;
        }
        var current = await cache.GetOrCreateAsync(Key(userName), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = options.Value.SecurityStampCacheDuration;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var normalized = scope.ServiceProvider.GetRequiredService<ILookupNormalizer>().NormalizeName(userName);
            // A removed or disabled account has no current stamp: nothing it holds is valid.
            return await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized && !u.IsDisabled)
                .Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
        });
        return string.Equals(current, stamp, StringComparison.Ordinal);
    }

    /// <summary>Drops this node's cached stamp after a change, so the next request sees it.</summary>
    public void Forget(string userName) => cache.Remove(Key(userName));

    private static string Key(string userName) => $"stamp:{userName.ToUpperInvariant()}";
}
