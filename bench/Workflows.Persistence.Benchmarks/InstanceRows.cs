using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Workflows.Persistence.Benchmarks;

/// <summary>
/// Every column of every row one instance leaves behind, table by table, with what legitimately differs between two
/// instances blanked: ids (32 hex characters) and instants. Two instances written alike give equal rows; a column one
/// side leaves at its default shows up by name.
/// </summary>
public sealed partial class InstanceRows
{
    private static readonly (string Table, string Where)[] Tables =
    [
        ("WorkflowInstances", """ "Id" = @id"""),
        ("Bookmarks", """ "InstanceId" = @id"""),
        ("Journal", """ "InstanceId" = @id"""),
        ("Outbox", """ "InstanceId" = @id"""),
        ("Tasks", """ "InstanceId" = @id"""),
        ("TaskParticipants", """ "TaskId" IN (SELECT "Id" FROM "Tasks" WHERE "InstanceId" = @id)"""),
    ];

    private readonly Dictionary<string, List<Dictionary<string, string>>> _tables;

    private InstanceRows(Dictionary<string, List<Dictionary<string, string>>> tables) => _tables = tables;

    /// <param name="connection">An open connection to the database the instance is in.</param>
    public static async Task<InstanceRows> ReadAsync(DbConnection connection, string instanceId, CancellationToken cancellationToken)
    {
        var tables = new Dictionary<string, List<Dictionary<string, string>>>();
        foreach (var (table, where) in Tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""SELECT * FROM "{table}" WHERE {where}""";
            var id = command.CreateParameter();
            id.ParameterName = "@id";
            id.Value = instanceId;
            command.Parameters.Add(id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<Dictionary<string, string>>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => Normalise(reader.GetValue(i))));
            }
            // In a stable order that ignores what was blanked.
            tables[table] = [.. rows.OrderBy(r => string.Join('\u001f', r.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value)), StringComparer.Ordinal)];
        }
        return new InstanceRows(tables);
    }

    /// <summary>How these rows differ from <paramref name="expected"/> (table, row, column, both values); empty when they are alike.</summary>
    public IEnumerable<string> DifferencesFrom(InstanceRows expected)
    {
        foreach (var (table, want) in expected._tables)
        {
            var got = _tables[table];
            if (got.Count != want.Count)
            {
                yield return $"{table}: {got.Count} rows, expected {want.Count}";
                continue;
            }
            for (var row = 0; row < want.Count; row++)
            {
                foreach (var (column, value) in want[row].Where(c => got[row][c.Key] != c.Value))
                {
                    yield return $"{table} row {row + 1}: \"{column}\" is {Shorten(got[row][column])}, expected {Shorten(value)}";
                }
            }
        }
    }

    private static string Shorten(string value) => value.Length <= 80 ? $"'{value}'" : $"'{value[..80]}…' ({value.Length} characters)";

    private static string Normalise(object value) => value switch
    {
        DBNull => "NULL",
        DateTime at => Instant(at.Year),
        DateTimeOffset at => Instant(at.Year),
        bool flag => flag ? "1" : "0",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Blank(value.ToString() ?? ""),
    };

    /// <summary>A real instant differs per run; the store's fixed ends of time (undated, never) must be written alike.</summary>
    private static string Instant(int year) => year is > 1 and < 9999 ? "{instant}" : year.ToString(CultureInfo.InvariantCulture);

    private static string Blank(string text) =>
        InstantText().Replace(IdText().Replace(text, "{id}"), m => Instant(int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)));

    [GeneratedRegex("[0-9a-f]{32}")]
    private static partial Regex IdText();

    [GeneratedRegex(@"(\d{4})-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")]
    private static partial Regex InstantText();
}
