namespace Workflows.Server.Auth;

/// <summary>Section <c>Workflows:Auth</c>: how bearer tokens are signed and how long they live.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Workflows:Auth";

    /// <summary>At least 32 characters; required outside Development (a random key per start is used there).</summary>
    public string? SigningKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public string Issuer { get; set; } = "workflows";

    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Section <c>Workflows:Admin</c>: the first administrator, created at start when missing.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Workflows:Admin";

    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? Email { get; set; }
}
