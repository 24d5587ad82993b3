namespace Workflows.Persistence.Documents.Register;

/// <summary>
/// One series of the numbering register (发文登记): an issuing code and a year, where it continues and which numbers
/// it skips because they were used on paper. Numbers are taken from here, under a row lock, in the transaction that
/// records the document.
/// </summary>
public sealed class DocumentNumberSeriesRecord
{
    /// <summary>The issuing code, e.g. 城政办函.</summary>
    public string Prefix { get; set; } = "";
    public int Year { get; set; }
    /// <summary>The lowest number the next document may take (reserved and issued numbers are skipped).</summary>
    public int Next { get; set; } = 1;
    /// <summary>Numbers used outside this system, ascending, comma separated.</summary>
    public string Reserved { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    public IReadOnlyList<int> ReservedNumbers =>
        [.. Reserved.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))];
}
