namespace Workflows.Server.Tests;

/// <summary>One server on SQLite shared by a test class whose tests each make their own data.</summary>
public sealed class SharedServer : IAsyncLifetime
{
    public ServerFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        // Starting the host runs the start-up work (migrations, seeding, imports) once.
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
