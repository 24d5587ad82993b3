using Npgsql;

namespace Workflows.Persistence.Changes;

/// <summary>
/// <c>NOTIFY</c> on commit and one <c>LISTEN</c>ing connection per node: a change reaches the other nodes in
/// milliseconds, and nothing is written to a table.
/// </summary>
public sealed class PostgreSqlChangeBackplane(string connectionString) : IChangeBackplane
{
    public const string Channel = "workflows_changes";

    public async Task AnnounceAsync(string node, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var notify = new NpgsqlCommand($"SELECT pg_notify('{Channel}', p) FROM unnest(@payloads) AS p", connection);
        notify.Parameters.AddWithValue("payloads", instanceIds.Select(id => $"{node}\n{id}").ToArray());
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ListenAsync(string node, Action<string> heard, CancellationToken cancellationToken)
    {
        // A connection of its own, never returned to a pool, with keepalives so a lost server is noticed and the
        // caller listens again.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 15 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, e) =>
        {
            var parts = e.Payload.Split('\n', 2);
            if (parts.Length == 2 && parts[0] != node)
            {
                heard(parts[1]);
            }
        };
        await connection.OpenAsync(cancellationToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            while (true)
            {
                await connection.WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }
}
