using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflows.Core.Calendar;

public sealed record CalendarDay(DateOnly Date, string Name);

/// <summary>One year's statutory holidays and make-up working days (调休上班), as the State Council publishes them each November.</summary>
public sealed record CalendarYear
{
    public int Year { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<CalendarDay> Holidays { get; init; } = [];
    public IReadOnlyList<CalendarDay> MakeUpWorkdays { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Every problem with the year's data, each naming the date; empty when it is usable.</summary>
    public IReadOnlyList<string> FindProblems()
    {
        var problems = new List<string>();
        var holidays = Listed("holidays", Holidays, problems);
        var makeUpWorkdays = Listed("makeUpWorkdays", MakeUpWorkdays, problems);
        foreach (var day in holidays.Concat(makeUpWorkdays).Where(d => d.Date.Year != Year))
        {
            problems.Add($"{day.Date:yyyy-MM-dd} is not in {Year}");
        }
        foreach (var day in holidays.Concat(makeUpWorkdays).Where(d => string.IsNullOrWhiteSpace(d.Name)))
        {
            problems.Add($"{day.Date:yyyy-MM-dd} has no name");
        }
        foreach (var both in holidays.Select(h => h.Date).Intersect(makeUpWorkdays.Select(m => m.Date)))
        {
            problems.Add($"{both:yyyy-MM-dd} is listed both as a holiday and as a make-up working day");
        }
        foreach (var list in new[] { holidays, makeUpWorkdays })
        {
            foreach (var twice in list.GroupBy(d => d.Date).Where(g => g.Count() > 1))
            {
                problems.Add($"{twice.Key:yyyy-MM-dd} is listed twice");
            }
        }
        return problems;
    }

    /// <summary>
    /// The days of one list. JSON can give null for the list or for a day in it, which the types do not allow for: that
    /// is a problem to name, not a reason to fail.
    /// </summary>
    private static List<CalendarDay> Listed(string name, IReadOnlyList<CalendarDay?>? days, List<string> problems)
    {
        if (days is null)
        {
            problems.Add($"{name} must be a list of days (it may be empty)");
            return [];
        }
        if (days.Any(d => d is null))
        {
            problems.Add($"{name} has an empty entry where a day belongs");
        }
        return [.. days.OfType<CalendarDay>()];
    }

    /// <exception cref="JsonException">The text is not a calendar year.</exception>
    public static CalendarYear Parse(string json) =>
        JsonSerializer.Deserialize<CalendarYear>(json, Json) ?? throw new JsonException("the calendar file holds null");

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public static class CalendarFiles
{
    /// <summary>Reads every <c>YYYY.json</c> in a folder (the shipped <c>workflows/calendars</c>).</summary>
    /// <exception cref="InvalidDataException">A file is not a calendar year, or its year does not match its name.</exception>
    public static IReadOnlyList<CalendarYear> ReadDirectory(string path) =>
        Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal).Select(ReadFile).ToList();

    private static CalendarYear ReadFile(string file)
    {
        CalendarYear year;
        try
        {
            year = CalendarYear.Parse(File.ReadAllText(file));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file}: not a calendar year: {ex.Message}", ex);
        }
        if (Path.GetFileNameWithoutExtension(file) != year.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidDataException($"{file}: holds year {year.Year}; the file must be named {year.Year}.json");
        }
        return year;
    }
}
