using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Workflows.Scheduling.Email;

namespace Workflows.Scheduling.Tests.Email;

/// <summary>
/// The window in which a claimed e-mail can be sent twice: a send that hangs must give up well within its claim
/// (<see cref="EmailOptions.SendingLease"/>), and a message the server accepted must count as sent even when the
/// goodbye hangs or fails. Both faults are caused for real by an SMTP server that stops answering at one command.
/// </summary>
public sealed class SendWindowTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task ASendThatHangs_GivesUpWithinHalfTheLease_SoTheSweepNeverFindsItStillSending()
    {
        await using var server = StallingSmtpServer.Start(stallAt: "end-of-data");
        var clock = Stopwatch.StartNew();

        var failure = await Record.ExceptionAsync(() => MailerFor(server.Port).DeliverAsync(Message(), CancellationToken.None));

        Assert.NotNull(failure);
        Assert.True(clock.Elapsed < Lease, $"the hanging send gave up after {clock.Elapsed}, not within the {Lease} lease");
        Assert.True(server.ReceivedMessage, "the server never got the message: the test did not make the send hang where it should");
    }

    [Fact]
    public async Task AMessageTheServerAccepted_IsSent_EvenWhenTheGoodbyeHangs()
    {
        await using var server = StallingSmtpServer.Start(stallAt: "QUIT");
        var clock = Stopwatch.StartNew();

        var file = await MailerFor(server.Port).DeliverAsync(Message(), CancellationToken.None);

        Assert.Null(file);
        Assert.True(server.ReceivedMessage);
        Assert.True(clock.Elapsed < Lease, $"the hanging goodbye held the send for {clock.Elapsed}");
    }

    private static Mailer MailerFor(int port) => new(
        Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None }),
        Options.Create(new EmailOptions { SendingLease = Lease }));

    private static MimeMessage Message()
    {
        var message = new MimeMessage { Subject = "催办：车辆报废审批", Body = new TextPart("plain") { Text = "请及时办理。" } };
        message.From.Add(MailboxAddress.Parse("workflows@localhost"));
        message.To.Add(MailboxAddress.Parse("clerk@localhost"));
        return message;
    }

    /// <summary>A minimal SMTP server that answers every command until <c>stallAt</c>, then never answers again.</summary>
    private sealed class StallingSmtpServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly string _stallAt;
        private Task _serving = Task.CompletedTask;

        private StallingSmtpServer(string stallAt) => _stallAt = stallAt;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public bool ReceivedMessage { get; private set; }

        public static StallingSmtpServer Start(string stallAt)
        {
            var server = new StallingSmtpServer(stallAt);
            server._listener.Start();
            server._serving = server.ServeAsync(server._stop.Token);
            return server;
        }

        private async Task ServeAsync(CancellationToken stop)
        {
            using var client = await _listener.AcceptTcpClientAsync(stop);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 stalling.test ESMTP");
            var inData = false;
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (inData)
                {
                    if (line != ".")
                    {
                        continue;
                    }
                    inData = false;
                    ReceivedMessage = true;
                    if (_stallAt == "end-of-data")
                    {
                        await Task.Delay(Timeout.Infinite, stop);
                    }
                    await writer.WriteLineAsync("250 queued");
                    continue;
                }
                var command = line.Split(' ')[0].ToUpperInvariant();
                if (command == _stallAt)
                {
                    await Task.Delay(Timeout.Infinite, stop);
                }
                await writer.WriteLineAsync(command switch
                {
                    "EHLO" => "250 stalling.test",
                    "DATA" => "354 go ahead",
                    "QUIT" => "221 bye",
                    _ => "250 ok",
                });
                inData = command == "DATA";
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await Task.WhenAny(_serving, Task.Delay(TimeSpan.FromSeconds(5)));
            _stop.Dispose();
        }
    }
}
