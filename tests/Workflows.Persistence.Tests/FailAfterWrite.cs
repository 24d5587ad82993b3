using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workflows.Persistence.Tests;

/// <summary>
/// While armed, fails the first command that inserts into <paramref name="table"/> after the database has executed
/// it, inside SaveChanges' transaction: a real fault in the middle of a commit, after earlier statements ran.
/// </summary>
public sealed class FailAfterWrite(string table) : DbCommandInterceptor
{
    public bool Armed { get; set; }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
        DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (Armed && command.CommandText.Contains($"INSERT INTO \"{table}\"", StringComparison.Ordinal))
        {
            Armed = false;
            throw new InvalidOperationException($"simulated fault after writing to {table}");
        }
        return ValueTask.FromResult(result);
    }
}
