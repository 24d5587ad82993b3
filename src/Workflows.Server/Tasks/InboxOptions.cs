namespace Workflows.Server.Tasks;

/// <summary>Section <c>Workflows:Inbox</c>: how the inbox's lists are counted.</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Workflows:Inbox";

    /// <summary>
    /// How many of a person's done tasks the done list counts before it says there are more (<c>totalCapped</c>). Their
    /// history grows for as long as they work, and counting all of it made every page of it cost what the history does:
    /// the page itself is read in index order and costs the same at any length.
    /// </summary>
    public int DoneCountLimit { get; set; } = 1000;
}
