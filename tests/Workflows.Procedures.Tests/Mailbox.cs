using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using netDumbster.smtp;

namespace Workflows.Procedures.Tests;

/// <summary>A real SMTP server (netDumbster) on a free loopback port; what it received, parsed by MimeKit.</summary>
public sealed class Mailbox : IDisposable
{
    private readonly SimpleSmtpServer _server;
    private readonly ConcurrentQueue<string> _received = new();

    public Mailbox()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _server = SimpleSmtpServer.Start(Port);
        _server.MessageReceived += (_, e) => _received.Enqueue(e.Message.Data);
    }

    public int Port { get; }

    /// <summary>
    /// What arrived so far. Kept from the server's event: its own list (<c>ReceivedEmail</c>) is copied without a lock and
    /// threw IndexOutOfRangeException when read while a message was being added.
    /// </summary>
    public IReadOnlyList<MimeMessage> Messages =>
        [.. _received.Select(data => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data))))];

    /// <summary>Waits for the message sent for the outbox row <paramref name="outboxId"/> (its Message-Id) and returns it (fails after 30 s).</summary>
    public async Task<MimeMessage> WaitForAsync(string outboxId)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var found = Messages.FirstOrDefault(m => m.MessageId?.StartsWith(outboxId + "@", StringComparison.Ordinal) == true);
            if (found is not null)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < until, $"no message for outbox row {outboxId} within 30 s; received: {string.Join(" | ", Messages.Select(m => m.Subject))}");
            await Task.Delay(200);
        }
    }

    public void Dispose() => _server.Stop();
}
