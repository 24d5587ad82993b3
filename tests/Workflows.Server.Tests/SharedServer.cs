namespace Workflows.Server.Tests;

/// <summary>
/// One server per provider shared by a test class whose tests each make their own data: SQLite started with the
/// class, PostgreSQL on first use.
/// </summary>
public sealed class SharedServer : IAsyncLifetime
{
    private readonly Lock _lock = new();
    private ServerFactory? _postgres;

    public ServerFactory Factory { get; } = new();

    /// <summary>The class's server on <paramref name="provider"/>; skips the calling test when that provider is not available here.</summary>
    public ServerFactory For(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        if (provider == Provider.Sqlite)
        {
            return Factory;
        }
        lock (_lock)
        {
            return _postgres ??= new ServerFactory(Provider.PostgreSql);
        }
    }

    public Task InitializeAsync()
    {
        // Starting the host runs the start-up work (migrations, seeding, imports) once.
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
