using System.Diagnostics.CodeAnalysis;
using Workflows.Core.Runtime;

namespace Workflows.Persistence.Instances;

/// <summary>
/// One workflow instance row: the whole <see cref="WorkflowInstance"/> as JSON, plus the fields lists and filters
/// query by. The concurrency token is a provider-specific shadow property (see <see cref="InstanceVersionToken"/>).
/// </summary>
public sealed class InstanceRecord
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public WorkflowStatus Status { get; set; }
    public string? CorrelationKey { get; set; }
    public string? StartedBy { get; set; }
    /// <summary>The matter's title, for the inbox's search; null on rows written before it was stored, until the server fills it in.</summary>
    public string? Title { get; set; }

    /// <summary>Longer titles are cut to this length when stored (<see cref="StoredTitle"/>).</summary>
    public const int MaxTitleLength = Lengths.Text;

    /// <summary>A matter's title as its row keeps it: cut to <see cref="MaxTitleLength"/>.</summary>
    [return: NotNullIfNotNull(nameof(title))]
    public static string? StoredTitle(string? title) =>
        title is { Length: > MaxTitleLength } longTitle ? longTitle[..MaxTitleLength] : title;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>The instance serialised with <see cref="InstanceJson.Options"/>; the source of truth on load.</summary>
    public string State { get; set; } = "";
}
