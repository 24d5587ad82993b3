namespace Workflows.Core.Activities;

/// <summary>Elsa's WriteLine and Log: the text goes to the instance's journal (留痕), where the history shows it.</summary>
[Activity("WriteLine", DisplayName = "记录 Write line", Category = "Data", Description = "Writes a line of text to the instance's journal.")]
public sealed class WriteLine : Activity
{
    public const string JournalEvent = "LineWritten";

    public static readonly ActivityInput<string> Text = new("text");

    public override ActivityResult Execute(ActivityContext context)
    {
        context.Journal(JournalEvent, context.Get(Text) ?? "");
        return ActivityResult.Done();
    }
}
