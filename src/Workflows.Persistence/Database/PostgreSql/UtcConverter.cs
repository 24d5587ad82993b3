using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Workflows.Persistence.Database.PostgreSql;

/// <summary>The same instant at offset zero.</summary>
internal sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(),
    value => value);
