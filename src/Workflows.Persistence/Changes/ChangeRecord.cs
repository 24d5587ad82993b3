namespace Workflows.Persistence.Changes;

/// <summary>
/// One row of the change table the polling backplane reads: a node saved a step of <see cref="InstanceId"/>. Rows
/// live a minute; they are a doorbell, not a record (the journal is the record).
/// </summary>
public sealed class ChangeRecord
{
    public long Id { get; set; }
    public string InstanceId { get; set; } = "";
    /// <summary>Whose work the step changed (<see cref="MatterChange.ReachedText"/>); null when not known.</summary>
    public string? Reached { get; set; }
    /// <summary>The node that saved it, so it does not ring its own bell twice.</summary>
    public string Node { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
