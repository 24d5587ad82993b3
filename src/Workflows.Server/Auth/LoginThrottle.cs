using System.Net;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Workflows.Server.Auth;

/// <summary>
/// Slows password guessing without handing an attacker a way to lock a person out: failures are counted per account
/// <em>and</em> source address, so guesses from one place block only that place, and per address across accounts, so
/// spraying many accounts from one place is blocked too. Unknown and real accounts are counted alike. The counts
/// live in this node's memory: several nodes each allow their own share.
/// </summary>
public sealed class LoginThrottle(IMemoryCache cache, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();

    /// <summary>Until when sign-ins for <paramref name="account"/> from <paramref name="address"/> are refused, if they are.</summary>
    public DateTimeOffset? BlockedUntil(string account, IPAddress? address)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var blocks = new[] { Get(PairKey(account, address)), Get(AddressKey(address)) }
                .Where(f => f is not null && f.BlockedUntil > now).Select(f => f!.BlockedUntil).ToList();
            return blocks.Count > 0 ? blocks.Max() : null;
        }
    }

    /// <summary>Counts a failure; true when it started a block (worth a warning and an audit record).</summary>
    public bool Failed(string account, IPAddress? address)
    {
        var o = options.Value;
        lock (_lock)
        {
            var pair = Count(PairKey(account, address), o.MaxFailedLogins);
            var source = Count(AddressKey(address), o.MaxFailedLoginsPerAddress);
            return pair || source;
        }
    }

    public void Succeeded(string account, IPAddress? address)
    {
        lock (_lock)
        {
            cache.Remove(PairKey(account, address));
        }
    }

    private bool Count(string key, int limit)
    {
        var now = time.GetUtcNow();
        var failures = Get(key) ?? new Failures();
        failures.Count++;
        var blocked = failures.Count >= limit && failures.BlockedUntil <= now;
        if (blocked)
        {
            failures.BlockedUntil = now + options.Value.LockoutDuration;
            failures.Count = 0;
        }
        cache.Set(key, failures, options.Value.LockoutDuration);
        return blocked;
    }

    private Failures? Get(string key) => cache.Get<Failures>(key);

    private static string PairKey(string account, IPAddress? address) => $"login:{account.ToUpperInvariant()}@{address}";

    private static string AddressKey(IPAddress? address) => $"login-from:{address}";

    private sealed class Failures
    {
        public int Count { get; set; }
        public DateTimeOffset BlockedUntil { get; set; }
    }
}
