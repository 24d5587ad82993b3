namespace Workflows.Server.Auth;

/// <summary>Section <c>Workflows:Auth</c>: tokens, sessions, sign-in throttling and the password policy.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Workflows:Auth";

    /// <summary>At least 32 characters; required outside Development (a random key per start is used there).</summary>
    public string? SigningKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public string Issuer { get; set; } = "workflows";

    /// <summary>Failed sign-ins for one account from one address before that address is refused for that account.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>Failed sign-ins from one address, whatever the account, before the address is refused.</summary>
    public int MaxFailedLoginsPerAddress { get; set; } = 20;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a node trusts a person's security stamp before reading it again: the longest a revoked token or cookie lives on another node.</summary>
    public TimeSpan SecurityStampCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A UI session with no activity for this long is signed out.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether a person whose password an administrator set must choose their own before working.</summary>
    public bool RequirePasswordChange { get; set; } = true;

    /// <summary>Marks the UI cookies Secure whatever the request's scheme (behind a TLS-terminating proxy that sends no X-Forwarded-Proto).</summary>
    public bool RequireSecureCookie { get; set; }

    public PasswordPolicyOptions Password { get; set; } = new();
}

/// <summary>Section <c>Workflows:Auth:Password</c>.</summary>
public sealed class PasswordPolicyOptions
{
    public int MinLength { get; set; } = 8;

    /// <summary>How many of the four classes (lower case, upper case, digits, other characters) a password must mix.</summary>
    public int RequiredClasses { get; set; } = 3;
}

/// <summary>Section <c>Workflows:Admin</c>: the first administrator, created at start when missing.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Workflows:Admin";

    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? Email { get; set; }
}
