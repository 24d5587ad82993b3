using System.Text.RegularExpressions;

namespace Workflows.Persistence.Benchmarks;

/// <summary>One burst's conversation with the database, summarised from a trace ("OPEN", "BEGIN", SQL, "COMMIT").</summary>
public sealed record BurstAccount(string Burst, int Opens, int Commands, int Statements, int Transactions, int RowWrites, string Sequence,
    IReadOnlyList<string> Writes)
{
    /// <summary>The writes as a sorted multiset, e.g. "DELETE Bookmarks, INSERT Journal ×3, …".</summary>
    public string WriteSet => string.Join(", ", Writes.Order(StringComparer.Ordinal).GroupBy(w => w).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}"));

    /// <summary>Round trips to a server: each command plus the COMMIT (Npgsql sends BEGIN with the first command).</summary>
    public int RoundTrips => Commands + Transactions;
}

public static partial class Accounting
{
    public static readonly string[] BurstNames = ["start", "complete a", "complete b", "complete c"];

    public static BurstAccount Summarise(string burst, IEnumerable<string> trace)
    {
        int opens = 0, commands = 0, statements = 0, transactions = 0;
        var parts = new List<string>();
        var writes = new List<string>();
        foreach (var item in trace)
        {
            switch (item)
            {
                case "OPEN":
                    opens++;
                    parts.Add("open");
                    break;
                case "BEGIN":
                    parts.Add("BEGIN");
                    break;
                case "COMMIT":
                    transactions++;
                    parts.Add("COMMIT");
                    break;
                default:
                    commands++;
                    var described = Collapse(Statements(item).Select(Describe).ToList());
                    statements += Statements(item).Count;
                    writes.AddRange(Statements(item).Select(Describe).Where(s => !s.StartsWith("SELECT", StringComparison.Ordinal)));
                    parts.Add(described.Count == 1 ? described[0] : "[" + string.Join(", ", described) + "]");
                    break;
            }
        }
        return new BurstAccount(burst, opens, commands, statements, transactions, writes.Count, string.Join(" · ", parts), writes);
    }

    /// <summary>A command as "INSERT Journal" or, for a batch, "[DELETE Bookmarks, INSERT Journal ×3, …]".</summary>
    public static string Label(string sql)
    {
        var described = Collapse(Statements(sql).Select(Describe).ToList());
        return described.Count == 1 ? described[0] : "[" + string.Join(", ", described) + "]";
    }

    private static List<string> Statements(string sql) =>
        [.. StatementEnd().Split(sql).Where(s => !string.IsNullOrWhiteSpace(s))];

    private static string Describe(string statement)
    {
        var text = statement.Trim();
        var write = WriteStatement().Match(text);
        if (write.Success)
        {
            return $"{write.Groups[1].Value.Split(' ')[0].ToUpperInvariant()} {write.Groups[2].Value}";
        }
        var read = ReadStatement().Match(text);
        return read.Success ? $"SELECT {read.Groups[1].Value}" : text.Split(' ')[0];
    }

    /// <summary>Consecutive equal items as one "item ×n".</summary>
    private static List<string> Collapse(List<string> items)
    {
        var result = new List<string>();
        for (var i = 0; i < items.Count;)
        {
            var run = 1;
            while (i + run < items.Count && items[i + run] == items[i])
            {
                run++;
            }
            result.Add(run == 1 ? items[i] : $"{items[i]} ×{run}");
            i += run;
        }
        return result;
    }

    /// <summary>Consecutive commands in a list of accounts collapsed the same way, for the sequence column.</summary>
    public static string CollapseSequence(string sequence) => string.Join(" · ", Collapse([.. sequence.Split(" · ")]));

    [GeneratedRegex(@";\s*(\r?\n|$)")]
    private static partial Regex StatementEnd();

    [GeneratedRegex(@"^(INSERT INTO|UPDATE|DELETE FROM)\s+""(\w+)""", RegexOptions.IgnoreCase)]
    private static partial Regex WriteStatement();

    [GeneratedRegex(@"^SELECT\b.*?\bFROM\s+""(\w+)""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ReadStatement();
}
