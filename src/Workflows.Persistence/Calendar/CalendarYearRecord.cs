using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Calendar;

/// <summary>One year of the statutory calendar as an administrator keeps it (the shipped years are imported once).</summary>
public sealed class CalendarYearRecord
{
    public int Year { get; set; }
    /// <summary>The <see cref="Core.Calendar.CalendarYear"/> as JSON.</summary>
    public string Json { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

internal sealed class CalendarYearRecordConfiguration : IEntityTypeConfiguration<CalendarYearRecord>
{
    public void Configure(EntityTypeBuilder<CalendarYearRecord> builder)
    {
        builder.ToTable("CalendarYears");
        builder.HasKey(c => c.Year);
        builder.Property(c => c.Year).ValueGeneratedNever();
        builder.Property(c => c.UpdatedBy).HasMaxLength(Lengths.UserName);
    }
}
