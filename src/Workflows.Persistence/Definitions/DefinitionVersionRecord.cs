namespace Workflows.Persistence.Definitions;

/// <summary>
/// One version of a workflow definition. Per definition, exactly one row is the latest and at most one is published;
/// a version that has ever been published (<see cref="PublishedAt"/> set) never changes again, only the draft
/// (latest and unpublished) is edited in place.
/// </summary>
public sealed class DefinitionVersionRecord
{
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    /// <summary>The definition JSON without the server-set version fields, exactly as export returns it.</summary>
    public string Json { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    /// <summary>Optimistic concurrency token, incremented by every write of the row.</summary>
    public long Revision { get; set; }
}
