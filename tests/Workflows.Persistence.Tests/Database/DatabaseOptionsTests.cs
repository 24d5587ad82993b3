using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Workflows.Core;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Persistence.Database;
using Workflows.Persistence.Database.SqlServer;
using Workflows.Persistence.Definitions;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Tests.Database;

public sealed class DatabaseOptionsTests
{
    [Fact]
    public void UnknownProvider_FailsNamingTheAllowedValues()
    {
        using var services = Build(("Workflows:Database:Provider", "Oracle"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DatabaseOptions>>().Value);

        Assert.Contains("'Oracle' is not supported; use one of Sqlite, SqlServer, PostgreSql", error.Message);
    }

    [Fact]
    public void ServerProvider_WithoutConnectionString_FailsNamingTheSetting()
    {
        using var services = Build(("Workflows:Database:Provider", "SqlServer"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContext());

        Assert.Contains("ConnectionStrings:Workflows", error.Message);
    }

    [Fact]
    public void Provider_IsChosenByConfigurationInAnyLetterCase()
    {
        using var services = Build(("Workflows:Database:Provider", "sqlserver"), ("ConnectionStrings:Workflows", "Server=unused"));

        using var db = services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContext();

        Assert.IsType<SqlServerWorkflowsDbContext>(db);
    }

    [Fact]
    public void Defaults_AreSqliteUnderData()
    {
        using var services = Build();

        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;

        Assert.Equal((DatabaseProvider.Sqlite, "Data Source=./data/workflows.db"), (options.FindProvider(), options.ResolveConnectionString()));
    }

    [Theory]
    [InlineData(null, 0L)]
    [InlineData("0", 0L)]
    [InlineData("256", 256L * 1024 * 1024)]
    public async Task SqliteConnections_ReadThroughTheConfiguredMemoryMap(string? mib, long expectedBytes)
    {
        var file = Path.Combine(Path.GetTempPath(), $"wf-mmap-{Guid.NewGuid():N}.db");
        (string, string)[] settings = [("ConnectionStrings:Workflows", $"Data Source={file}"), .. mib is null ? [] : new[] { ("Workflows:Database:SqliteMemoryMapMiB", mib) }];
        try
        {
            await using (var services = Build(settings))
            await using (var db = services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContext())
            {
                await db.Database.OpenConnectionAsync();
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA mmap_size;";

                Assert.Equal(expectedBytes, (long)(await command.ExecuteScalarAsync())!);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("4096")]
    public void SqliteMemoryMap_OutOfRange_FailsNamingTheSettingAndItsRange(string mib)
    {
        using var services = Build(("Workflows:Database:SqliteMemoryMapMiB", mib));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DatabaseOptions>>().Value);

        Assert.Contains($"Workflows:Database:SqliteMemoryMapMiB is {mib}; use 0 (no memory map) to 2047", error.Message);
    }

    [Theory]
    [InlineData("Host=db;Username=clerk;Password=s3cret", 64, true)]
    [InlineData("Host=db;Username=clerk;Password=s3cret;Max Auto Prepare=0;No Reset On Close=false", 0, false)]
    [InlineData("Host=db;Username=clerk;Password=s3cret;maxautoprepare=10", 10, true)]
    public void OnPostgreSql_StatementsArePreparedAndPooledConnectionsNotReset_UnlessTheStringSaysOtherwise(string given, int autoPrepare, bool noReset)
    {
        using var services = Build(("Workflows:Database:Provider", "PostgreSql"), ("ConnectionStrings:Workflows", given));

        using var db = services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContext();
        var used = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());

        Assert.Equal((autoPrepare, noReset), (used.MaxAutoPrepare, used.NoResetOnClose));
        Assert.Equal(("db", "clerk", "s3cret"), (used.Host, used.Username, used.Password));
        // Hangfire takes the same string, so the two share one pool of connections.
        Assert.Equal(db.Database.GetConnectionString(), services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ResolveConnectionString());
    }

    [Theory]
    [InlineData("Sqlite", "Data Source=/srv/workflows.db")]
    [InlineData("SqlServer", "Server=db;Database=workflows")]
    [InlineData("PostgreSql", "Host=db;Colour=blue")]
    public void OtherProvidersStrings_AndOneNpgsqlCannotRead_AreUsedAsGiven(string provider, string given)
    {
        using var services = Build(("Workflows:Database:Provider", provider), ("ConnectionStrings:Workflows", given));

        Assert.Equal(given, services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ResolveConnectionString());
    }

    [SkippableFact]
    public async Task OnPostgreSql_AStatementRunAgainAndAgain_IsPreparedOnItsConnection()
    {
        await using var fixture = await PersistenceFixture.StartAsync(DatabaseProvider.PostgreSql);
        await using var db = fixture.Db();
        await db.Database.OpenConnectionAsync();

        for (var run = 0; run < 6; run++)
        {
            Assert.Empty(await db.Instances.AsNoTracking().Where(i => i.Id == "no-such-matter").ToListAsync());
        }
        var prepared = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();

        Assert.Contains(prepared, statement => statement.Contains("FROM \"WorkflowInstances\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Persistence_ReplacesTheInMemoryStoresWhicheverIsRegisteredFirst()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var before = new ServiceCollection().AddWorkflowPersistence(configuration).AddWorkflowEngine().BuildServiceProvider();
        using var after = new ServiceCollection().AddWorkflowEngine().AddWorkflowPersistence(configuration).BuildServiceProvider();

        foreach (var services in new[] { before, after })
        {
            Assert.IsType<EfWorkflowInstanceStore>(services.GetRequiredService<IWorkflowInstanceStore>());
            Assert.IsType<EfWorkflowDefinitionStore>(services.GetRequiredService<IWorkflowDefinitionSource>());
        }
    }

    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        return new ServiceCollection().AddWorkflowPersistence(configuration).BuildServiceProvider();
    }
}
