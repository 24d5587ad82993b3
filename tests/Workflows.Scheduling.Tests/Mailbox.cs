using System.Collections.Concurrent;
using System.Text;
using MimeKit;
using netDumbster.smtp;

namespace Workflows.Scheduling.Tests;

/// <summary>A real SMTP server (netDumbster) on a loopback port, and the messages it received, parsed by MimeKit.</summary>
public sealed class Mailbox : IDisposable
{
    private readonly SimpleSmtpServer _server;
    private readonly ConcurrentQueue<string> _received = new();

    public Mailbox(int port)
    {
        _server = SimpleSmtpServer.Start(port);
        _server.MessageReceived += (_, e) => _received.Enqueue(e.Message.Data);
    }

    /// <summary>
    /// What arrived so far. Kept from the server's event: its own list (<c>ReceivedEmail</c>) is copied without a lock and
    /// threw IndexOutOfRangeException when read while a message was being added.
    /// </summary>
    public IReadOnlyList<MimeMessage> Messages =>
        [.. _received.Select(data => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data))))];

    /// <summary>Waits until <paramref name="count"/> messages match, and returns them (fails the test after <paramref name="timeout"/>).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(Func<MimeMessage, bool> match, int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Messages.Where(match).ToList();
            if (found.Count >= count || DateTime.UtcNow > until)
            {
                Assert.True(found.Count >= count, $"expected {count} matching messages within {timeout.TotalSeconds} s, got {found.Count}; subjects: {string.Join(" | ", Messages.Select(m => m.Subject))}");
                return found;
            }
            await Task.Delay(200);
        }
    }

    public void Dispose() => _server.Stop();
}
