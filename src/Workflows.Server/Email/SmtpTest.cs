using MailKit;
using MailKit.Security;
using MimeKit;
using Workflows.Scheduling.Email;

namespace Workflows.Server.Email;

public enum SmtpTestStatus
{
    Sent,
    InvalidAddress,
    Failed,
}

public sealed record SmtpTestResult(SmtpTestStatus Status, TestEmailSent? Sent, string? Error);

/// <summary>A test message sent at once through the configured SMTP server (or to the mail folder without one), to check the settings.</summary>
public sealed class SmtpTest(Mailer mailer, EmailComposer composer, TimeProvider time)
{
    public async Task<SmtpTestResult> SendAsync(string? recipient, CancellationToken cancellationToken)
    {
        if (!MailboxAddress.TryParse(recipient, out var to) || !to.Address.Contains('@'))
        {
            return new SmtpTestResult(SmtpTestStatus.InvalidAddress, null, $"'{recipient}' is not an e-mail address");
        }
        var message = new MimeMessage { Subject = "工作流程系统测试邮件 / Workflows test message", MessageId = composer.MessageId($"test-{Guid.NewGuid():N}"), Date = time.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse(composer.From));
        message.To.Add(to);
        message.Body = new TextPart("plain") { Text = "这是一封测试邮件：邮件设置可以正常发送。\nThis is a test message: the e-mail settings work." };
        try
        {
            var file = await mailer.DeliverAsync(message, cancellationToken);
            return new SmtpTestResult(SmtpTestStatus.Sent, new TestEmailSent(message.MessageId, file is null ? "smtp" : "file", file), null);
        }
        catch (Exception ex) when (ex is CommandException or ProtocolException or AuthenticationException or SslHandshakeException or System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            return new SmtpTestResult(SmtpTestStatus.Failed, null, ex.Message);
        }
    }
}
