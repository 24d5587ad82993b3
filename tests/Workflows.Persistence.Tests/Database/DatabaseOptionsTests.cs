using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
