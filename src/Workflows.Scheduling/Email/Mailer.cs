using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Workflows.Scheduling.Email;

/// <summary>Hands a message to the configured SMTP server, or, with none configured, writes it as an .eml file.</summary>
public sealed class Mailer(IOptions<SmtpOptions> smtp, IOptions<EmailOptions> email)
{
    public bool SmtpConfigured => smtp.Value.IsConfigured;

    /// <returns>The .eml file written, or null when the message went to the SMTP server.</returns>
    public async Task<string?> DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var options = smtp.Value;
        if (!options.IsConfigured)
        {
            var folder = Path.GetFullPath(email.Value.MailFolder);
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{(message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0]}.eml");
            await message.WriteToAsync(file, cancellationToken);
            return file;
        }
        // A send that outlived its claim (EmailOptions.SendingLease) would be sent again by the sweep: give up first.
        using var client = new SmtpClient { Timeout = (int)Math.Clamp(email.Value.SendingLease.TotalMilliseconds / 2, 1000, int.MaxValue) };
        await client.ConnectAsync(options.Host!, options.Port, options.SocketOptions, cancellationToken);
        if (!string.IsNullOrEmpty(options.User))
        {
            await client.AuthenticateAsync(options.User, options.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or TimeoutException or OperationCanceledException)
        {
            // The server has accepted the message; a failed goodbye must not count as a failed send and send it twice.
        }
        return null;
    }
}
