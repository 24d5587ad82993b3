namespace Workflows.Scheduling.Tests;

/// <summary>One SQLite server and its SMTP server, shared by a test class whose tests tell their messages apart by title.</summary>
public sealed class ServerWithMailbox : IAsyncLifetime
{
    private readonly int _port = SchedulingServer.FreePort();

    public ServerWithMailbox()
    {
        Mailbox = new Mailbox(_port);
        Server = new SchedulingServer(Provider.Sqlite, _port);
    }

    public SchedulingServer Server { get; }
    public Mailbox Mailbox { get; }

    public Task InitializeAsync()
    {
        Server.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Mailbox.Dispose();
    }
}
