using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workflows.Core.Definitions;
using Workflows.Core.Tasks;
using Workflows.Designer.Properties;

namespace Workflows.Designer.Tests.Properties;

public sealed class DueEditorTests : DesignerContext
{
    /// <summary>Debounced fields publish after 250–300 ms; a busy machine needs more.</summary>
    private static readonly TimeSpan Debounced = TimeSpan.FromSeconds(5);

    private IRenderedComponent<DueEditor> Render(ExpressionDefinition? value, Action<ExpressionDefinition?>? published = null) =>
        Context.Render<DueEditor>(p => p
            .Add(e => e.Value, value)
            .Add(e => e.ValueChanged, v => published?.Invoke(v)));

    /// <summary>Chooses a kind in one deadline row, as picking it from the drop-down does.</summary>
    private static Task ChooseKind(IRenderedComponent<DueEditor> editor, string row, DeadlineKind kind)
    {
        var select = editor.FindComponents<DeadlineField>().Single(f => f.Instance.TestId == row).FindComponent<MudSelect<DeadlineKind>>();
        return editor.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(kind));
    }

    [Fact]
    public void ShowsTargetAndHardLimit_InWorkingDays()
    {
        var editor = Render(ExpressionDefinition.Literal(new JsonObject { ["workingDays"] = 5, ["hardWorkingDays"] = 7 }));

        Assert.Equal("WorkingDays", editor.Find("[data-testid=due-target]").GetAttribute("data-kind"));
        Assert.Equal("5", editor.Find("[data-testid=due-target-value]").GetAttribute("value"));
        Assert.Equal("7", editor.Find("[data-testid=due-hard-value]").GetAttribute("value"));
    }

    [Fact]
    public void ShowsADurationAndAFixedDate()
    {
        var editor = Render(ExpressionDefinition.Literal(new JsonObject { ["duration"] = "PT30M", ["hardAt"] = "2026-12-31" }));

        Assert.Equal("Duration", editor.Find("[data-testid=due-target]").GetAttribute("data-kind"));
        Assert.Equal("PT30M", editor.Find("[data-testid=due-target-value]").GetAttribute("value"));
        Assert.Equal("At", editor.Find("[data-testid=due-hard]").GetAttribute("data-kind"));
        Assert.Equal("2026-12-31", editor.Find("[data-testid=due-hard-value]").GetAttribute("value"));
    }

    [Theory]
    [InlineData("P2D", "Duration")]
    [InlineData("2026-12-31", "At")]
    public void ReadsTheShortForms_TheEngineAccepts(string shorthand, string kind)
    {
        var editor = Render(ExpressionDefinition.Literal(shorthand));

        Assert.Equal(kind, editor.Find("[data-testid=due-target]").GetAttribute("data-kind"));
        Assert.Equal(shorthand, editor.Find("[data-testid=due-target-value]").GetAttribute("value"));
    }

    [Fact]
    public void TypingWorkingDays_PublishesAWorkingDaysObject()
    {
        ExpressionDefinition? published = null;
        var editor = Render(ExpressionDefinition.Literal(new JsonObject { ["workingDays"] = 5 }), v => published = v);

        editor.Find("[data-testid=due-target-value]").Input("3");

        editor.WaitForAssertion(() => Assert.Equal(3, published?.Value?["workingDays"]?.GetValue<int>()), Debounced);
        Assert.Null(published!.Value!["hardWorkingDays"]);
    }

    [Fact]
    public async Task ADurationAndAFixedDate_AreWhatTheEngineComputesDeadlinesFrom()
    {
        ExpressionDefinition? published = null;
        var editor = Render(null, v => published = v);

        await ChooseKind(editor, "due-target", DeadlineKind.Duration);
        editor.Find("[data-testid=due-target-value]").Input("PT30M");
        // As a person would, finish one field before the next: a re-render while the other field's debounce is still
        // pending resets that field's text (MudBlazor's debounced input), which only a typist faster than 250 ms meets.
        editor.WaitForAssertion(() => Assert.Equal("PT30M", published?.Value?["duration"]?.GetValue<string>()), Debounced);
        await ChooseKind(editor, "due-hard", DeadlineKind.At);
        editor.Find("[data-testid=due-hard-value]").Input("2026-12-31");

        // Each field publishes after its own debounce: wait for the value that has both.
        editor.WaitForAssertion(() => Assert.Equal(("PT30M", "2026-12-31"),
            (published?.Value?["duration"]?.GetValue<string>(), published?.Value?["hardAt"]?.GetValue<string>())), Debounced);
        Assert.Equal(ExpressionTypes.Literal, published!.Type);
        var created = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));
        var deadlines = Context.Services.GetRequiredService<TaskDeadlineCalculator>().Compute(created, published.Value, null);
        Assert.Equal(created.AddMinutes(30), deadlines.DueAt);
        Assert.Equal(new DateOnly(2026, 12, 31), DateOnly.FromDateTime(deadlines.HardDueAt!.Value.ToOffset(TimeSpan.FromHours(8)).DateTime));
    }

    [Theory]
    [InlineData("Duration", "30 minutes")]
    [InlineData("At", "31.12.2026")]
    [InlineData("WorkingDays", "-2")]
    public async Task AnInvalidValue_IsShownAsAnError_AndNotPublished(string kind, string text)
    {
        var published = new List<ExpressionDefinition?>();
        var editor = Render(null, published.Add);

        await ChooseKind(editor, "due-target", Enum.Parse<DeadlineKind>(kind));
        published.Clear();
        editor.Find("[data-testid=due-target-value]").Input(text);

        editor.WaitForAssertion(() => Assert.Contains("mud-input-error", editor.Find("[data-testid=due-target]").InnerHtml), Debounced);
        Assert.Empty(published);
    }

    [Fact]
    public void AHardLimitBeforeTheTarget_IsWarned()
    {
        var editor = Render(ExpressionDefinition.Literal(new JsonObject { ["duration"] = "P2D", ["hardDuration"] = "PT4H" }));

        Assert.NotEmpty(editor.FindAll("[data-testid=due-hard-before-target]"));
    }

    [Fact]
    public void AComputedDue_IsEditedAsAnExpression()
    {
        ExpressionDefinition? published = null;
        var editor = Render(ExpressionDefinition.JavaScript("input.deadline"), v => published = v);

        var text = editor.Find("[data-testid=input-due]");
        Assert.Equal("input.deadline", text.GetAttribute("value"));
        Assert.Empty(editor.FindAll("[data-testid=due-target]"));

        text.Input("input.urgent ? 'PT4H' : 3");

        editor.WaitForAssertion(() => Assert.Equal("input.urgent ? 'PT4H' : 3", published?.Value?.GetValue<string>()), Debounced);
        Assert.Equal(ExpressionTypes.JavaScript, published!.Type);
    }
}
