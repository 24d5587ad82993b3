using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Workflows.Persistence.Database.Sqlite;

/// <summary>
/// Stores an instant as UTC text of fixed width (<c>2025-09-26 01:00:00.0000000+00:00</c>), so text order is time
/// order and SQLite can compare and sort it. The original offset is not kept: the instant is.
/// </summary>
internal sealed class UtcTextConverter() : ValueConverter<DateTimeOffset, string>(
    value => value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture),
    text => DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None))
{
    private const string Format = "yyyy'-'MM'-'dd' 'HH':'mm':'ss'.'fffffffzzz";
}
