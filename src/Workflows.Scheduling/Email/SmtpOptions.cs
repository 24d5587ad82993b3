using MailKit.Security;

namespace Workflows.Scheduling.Email;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
    /// <summary>TLS on connect for port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,
}

/// <summary>Section <c>Workflows:Smtp</c>. With no <see cref="Host"/>, e-mails are written as .eml files instead (see <see cref="EmailOptions.MailFolder"/>).</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Workflows:Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "工作流程系统 <workflows@localhost>";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    internal SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
