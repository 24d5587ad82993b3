namespace Workflows.Scheduling.Email;

/// <summary>Section <c>Workflows:Email</c>: delivery retries, where unsent mail goes without SMTP, and the links in messages.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Workflows:Email";

    /// <summary>Attempts before a message is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles after each further one.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Where messages are written as .eml files when no SMTP server is configured.</summary>
    public string MailFolder { get; set; } = "./data/mail";

    /// <summary>The server's public address for links in messages (also read from <c>Workflows:PublicUrl</c>).</summary>
    public string PublicUrl { get; set; } = "http://localhost:5000";

    /// <summary>How long a message may stay Sending before the sweep assumes its sender crashed.</summary>
    public TimeSpan SendingLease { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks(Math.Min(RetryMaxDelay.Ticks, RetryBaseDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 30))));
}
