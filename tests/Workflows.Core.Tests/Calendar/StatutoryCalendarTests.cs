using Microsoft.Extensions.Logging;
using Workflows.Core.Calendar;

namespace Workflows.Core.Tests.Calendar;

public sealed class StatutoryCalendarTests
{
    private static readonly StatutoryCalendar Shipped =
        new(CalendarFiles.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "calendars")));

    [Theory]
    [InlineData("2025-09-26", 5, "2025-10-10")] // across the National Day and Mid-Autumn holiday
    [InlineData("2025-12-31", 1, "2026-01-04")] // a Sunday make-up working day
    [InlineData("2026-02-12", 5, "2026-02-26")] // across the Spring Festival
    [InlineData("2026-09-30", 5, "2026-10-13")] // the start day itself is not counted
    public void AddWorkingDays_MatchesTheProductChecks(string from, int days, string expected)
    {
        var result = Shipped.AddWorkingDays(DateOnly.Parse(from), days);

        Assert.Equal(DateOnly.Parse(expected), result.Date);
        Assert.False(result.Provisional);
    }

    [Fact]
    public void AddWorkingDays_IntoAYearWithoutData_FallsBackToWeekdaysAndIsProvisional()
    {
        // 2026-12-30 is a Wednesday; 2027 has no data, so 2027-01-01 (Friday) counts as a working day.
        var result = Shipped.AddWorkingDays(new DateOnly(2026, 12, 30), 3);

        Assert.Equal(new DateOnly(2027, 1, 4), result.Date);
        Assert.True(result.Provisional);
    }

    [Fact]
    public void AddingAYear_MakesItsDatesFirm()
    {
        var calendar = new StatutoryCalendar(CalendarFiles.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "calendars")));
        var year2027 = new CalendarYear { Year = 2027, Holidays = [new(new DateOnly(2027, 1, 1), "元旦")] };

        calendar.Load([.. CalendarFiles.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "calendars")), year2027]);
        var result = calendar.AddWorkingDays(new DateOnly(2026, 12, 30), 3);

        Assert.Equal(new DateOnly(2027, 1, 5), result.Date);
        Assert.False(result.Provisional);
    }

    [Fact]
    public void WorkingDaysBetween_CountsOnlyWorkingDays()
    {
        Assert.Equal(5, Shipped.WorkingDaysBetween(new DateOnly(2025, 9, 26), new DateOnly(2025, 10, 10)));
        Assert.Equal(-5, Shipped.WorkingDaysBetween(new DateOnly(2025, 10, 10), new DateOnly(2025, 9, 26)));
    }

    [Fact]
    public void Load_RefusesBadDataAndKeepsTheOldYears()
    {
        var calendar = new StatutoryCalendar(CalendarFiles.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "calendars")));
        var bad = new CalendarYear
        {
            Year = 2027,
            Holidays = [new(new DateOnly(2028, 1, 1), "元旦"), new(new DateOnly(2027, 2, 1), "春节")],
            MakeUpWorkdays = [new(new DateOnly(2027, 2, 1), "春节")],
        };

        var error = Assert.Throws<ArgumentException>(() => calendar.Load([bad]));

        Assert.Contains("2028-01-01 is not in 2027", error.Message);
        Assert.Contains("2027-02-01 is listed both as a holiday and as a make-up working day", error.Message);
        Assert.True(calendar.HasDataFor(2026));
    }

    [Fact]
    public void AYearWithoutData_IsWarnedAboutInTheLog_Once()
    {
        var log = new ListLogger();
        var calendar = new StatutoryCalendar(CalendarFiles.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "calendars")), log);

        calendar.AddWorkingDays(new DateOnly(2026, 12, 30), 3);
        calendar.AddWorkingDays(new DateOnly(2026, 12, 29), 5);

        var warning = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("2027", warning.Message);
    }

    private sealed class ListLogger : ILogger<StatutoryCalendar>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
