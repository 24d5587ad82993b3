using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workflows.Persistence.Tests;

/// <summary>The text of every command run inside a transaction: the writes of a commit, not the reads before it.</summary>
public sealed class CommandsInTransactions : DbCommandInterceptor
{
    public ConcurrentQueue<string> Texts { get; } = new();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.Transaction is not null)
        {
            Texts.Enqueue(command.CommandText);
        }
        return ValueTask.FromResult(result);
    }
}
