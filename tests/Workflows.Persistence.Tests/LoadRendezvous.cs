using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workflows.Persistence.Tests;

/// <summary>
/// While armed, holds every query that reads <paramref name="table"/> until <paramref name="parties"/> of them have
/// run, so concurrent commands (or requests) provably load the same state before any of them writes.
/// </summary>
public sealed class LoadRendezvous(string table, int parties) : DbCommandInterceptor
{
    private readonly TaskCompletionSource _everyoneLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public bool Armed { get; set; }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
        DbDataReader result, CancellationToken cancellationToken = default)
    {
        var text = command.CommandText.TrimStart();
        if (Armed && text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && text.Contains($"FROM \"{table}\"", StringComparison.Ordinal))
        {
            if (Interlocked.Increment(ref _arrived) == parties)
            {
                _everyoneLoaded.SetResult();
            }
            await _everyoneLoaded.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        return result;
    }
}
