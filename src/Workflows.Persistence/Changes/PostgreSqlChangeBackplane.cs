using Npgsql;

namespace Workflows.Persistence.Changes;

/// <summary>
/// <c>NOTIFY</c> on commit and one <c>LISTEN</c>ing connection per node: a change reaches the other nodes in
/// milliseconds, and nothing is written to a table.
/// </summary>
public sealed class PostgreSqlChangeBackplane(string connectionString) : IChangeBackplane
{
    public const string Channel = "workflows_changes";

    /// <summary>PostgreSQL refuses a payload of 8,000 bytes or more; a change whose keys would not fit goes without them.</summary>
    private const int MaxPayloadBytes = 7_900;

    public async Task AnnounceAsync(string node, IReadOnlyCollection<MatterChange> changes, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var notify = new NpgsqlCommand($"SELECT pg_notify('{Channel}', p) FROM unnest(@payloads) AS p", connection);
        notify.Parameters.AddWithValue("payloads", changes.Select(change => Payload(node, change)).ToArray());
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The node and the matter on a line each, then the keys one to a line, if known.</summary>
    private static string Payload(string node, MatterChange change)
    {
        var payload = change.ReachedText is { } reached ? $"{node}\n{change.InstanceId}\n{reached}" : $"{node}\n{change.InstanceId}";
        return System.Text.Encoding.UTF8.GetByteCount(payload) < MaxPayloadBytes ? payload : $"{node}\n{change.InstanceId}";
    }

    public async Task ListenAsync(string node, Action<MatterChange> heard, CancellationToken cancellationToken)
    {
        // A connection of its own, never returned to a pool, with keepalives so a lost server is noticed and the
        // caller listens again.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 15 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, e) =>
        {
            var parts = e.Payload.Split('\n', 3);
            if (parts.Length >= 2 && parts[0] != node)
            {
                heard(new MatterChange(parts[1], parts.Length == 3 ? MatterChange.ReachedFrom(parts[2]) : null));
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
