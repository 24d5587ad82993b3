using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Workflows.Persistence.Instances;

/// <summary>
/// One row a burst writes, known without EF's change tracker: added, changed from the row as the burst loaded it, or
/// deleted. The store works out each of a burst's rows itself (a projection of state it holds), so tracking them in a
/// context (snapshots, identity maps, fix-up, change detection) was work done only to find out what it already knew.
/// </summary>
internal sealed class RowChange
{
    private RowChange(EntityState state, object row, object? original) => (State, Row, Original) = (state, row, original);

    public EntityState State { get; }

    /// <summary>The row as it is to be stored; for a delete, a row with its key.</summary>
    public object Row { get; }

    /// <summary>The row as the burst loaded it (an update writes the columns that differ), or null: every column is written.</summary>
    public object? Original { get; }

    public static RowChange Insert(object row) => new(EntityState.Added, row, null);

    public static RowChange Update(object row, object? original = null) => new(EntityState.Modified, row, original);

    public static RowChange Delete(object row) => new(EntityState.Deleted, row, null);

    public object? Value(IProperty property) => property.GetGetter().GetClrValue(Row);

    /// <summary>Whether an update writes the column: always without the row as loaded, else when its value differs.</summary>
    public bool Changes(IProperty property) => Original is null
        || !property.GetValueComparer().Equals(property.GetGetter().GetClrValue(Original), Value(property));

    /// <summary>For a provider written by SaveChanges: the context tracks the change instead.</summary>
    public void Track(DbContext db)
    {
        switch (State)
        {
            case EntityState.Added:
                db.Add(Row);
                break;
            case EntityState.Deleted:
                db.Remove(Row);
                break;
            case EntityState.Modified when Original is null:
                db.Update(Row);
                break;
            default:
                db.Attach(Original!);
                db.Entry(Original!).CurrentValues.SetValues(Row);
                break;
        }
    }
}
