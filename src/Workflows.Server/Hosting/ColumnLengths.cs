using Microsoft.EntityFrameworkCore;

namespace Workflows.Server.Hosting;

public static class ColumnLengths
{
    /// <summary>
    /// The most characters <typeparamref name="TEntity"/>.<paramref name="property"/> keeps, or null when unbounded.
    /// SQLite stores longer text while SQL Server and PostgreSQL refuse it, so requests are checked against this first.
    /// </summary>
    public static int? MaxLength<TEntity>(this DbContext db, string property) =>
        db.Model.FindEntityType(typeof(TEntity))?.FindProperty(property)?.GetMaxLength();
}
