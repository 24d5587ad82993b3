using Microsoft.Extensions.Options;

namespace Workflows.Persistence.Database;

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    /// <summary>SQLite's own ceiling for a map (SQLITE_MAX_MMAP_SIZE, 0x7fff0000 bytes) in whole MiB.</summary>
    private const int MaxSqliteMemoryMapMiB = 2047;

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var provider = options.FindProvider();
        if (provider is null)
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.SectionName}:Provider '{options.Provider}' is not supported; use one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }
        if (provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.SectionName}:Provider is {provider}, which needs the connection string ConnectionStrings:{DatabaseOptions.ConnectionStringName}.");
        }
        if (options.SqliteMemoryMapMiB is < 0 or > MaxSqliteMemoryMapMiB)
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.SectionName}:SqliteMemoryMapMiB is {options.SqliteMemoryMapMiB}; use 0 (no memory map) to {MaxSqliteMemoryMapMiB}.");
        }
        return ValidateOptionsResult.Success;
    }
}
