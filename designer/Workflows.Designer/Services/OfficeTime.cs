using System.Globalization;

namespace Workflows.Designer.Services;

/// <summary>
/// Every time the UI shows is in the office's zone (<c>Workflows:Engine:TimeZone</c>) in 24-hour form, wherever the
/// server or the browser happens to run.
/// </summary>
public sealed class OfficeTime(TimeZoneInfo zone)
{
    /// <summary>The machine's own zone: the default until the host says which zone the office is in.</summary>
    public static OfficeTime Local { get; } = new(TimeZoneInfo.Local);

    public TimeZoneInfo Zone { get; } = zone;

    public DateTimeOffset ToOffice(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>2026-12-03 17:22.</summary>
    public string Format(DateTimeOffset instant) => ToOffice(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string Format(DateTimeOffset? instant) => instant is { } value ? Format(value) : "";

    /// <summary>2026-12-03.</summary>
    public string FormatDate(DateTimeOffset instant) => ToOffice(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The Monday of the office week the instant falls in.</summary>
    public DateOnly WeekOf(DateTimeOffset instant)
    {
        var day = DateOnly.FromDateTime(ToOffice(instant).DateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }
}
