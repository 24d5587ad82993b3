using System.Text.Json.Nodes;
using MudBlazor;
using Workflows.Core.Definitions;
using Workflows.Designer.Properties;

namespace Workflows.Designer.Tests.Properties;

public sealed class PeriodEditorTests : DesignerContext
{
    /// <summary>Debounced fields publish after 250–300 ms; a busy machine needs more.</summary>
    private static readonly TimeSpan Debounced = TimeSpan.FromSeconds(5);

    private IRenderedComponent<PeriodEditor> Render(ExpressionDefinition? value, Action<ExpressionDefinition?>? published = null) =>
        Context.Render<PeriodEditor>(p => p
            .Add(e => e.InputName, "remindBefore")
            .Add(e => e.Value, value)
            .Add(e => e.ValueChanged, v => published?.Invoke(v)));

    [Fact]
    public void ADuration_IsShownAsOne()
    {
        var editor = Render(ExpressionDefinition.Literal("PT4H"));

        Assert.Equal("Duration", editor.Find("[data-testid=period-remindBefore]").GetAttribute("data-kind"));
        Assert.Equal("PT4H", editor.Find("[data-testid=period-remindBefore-value]").GetAttribute("value"));
    }

    [Fact]
    public void AnEscalationObject_IsRead()
    {
        var editor = Render(ExpressionDefinition.Literal(new JsonObject { ["workingDays"] = 2 }));

        Assert.Equal("WorkingDays", editor.Find("[data-testid=period-remindBefore]").GetAttribute("data-kind"));
        Assert.Equal("2", editor.Find("[data-testid=period-remindBefore-value]").GetAttribute("value"));
    }

    [Fact]
    public async Task SwitchingToADuration_PublishesTheDurationString()
    {
        ExpressionDefinition? published = null;
        var editor = Render(ExpressionDefinition.Literal(1), v => published = v);

        var select = editor.FindComponent<MudSelect<DeadlineKind>>();
        await editor.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(DeadlineKind.Duration));
        editor.Find("[data-testid=period-remindBefore-value]").Input("PT30M");

        editor.WaitForAssertion(() => Assert.Equal("PT30M", published?.Value?.GetValue<string>()), Debounced);
    }

    [Fact]
    public async Task WorkingDays_ArePublishedAsANumber()
    {
        ExpressionDefinition? published = null;
        var editor = Render(ExpressionDefinition.Literal("PT4H"), v => published = v);

        var select = editor.FindComponent<MudSelect<DeadlineKind>>();
        await editor.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(DeadlineKind.WorkingDays));
        editor.Find("[data-testid=period-remindBefore-value]").Input("2");

        editor.WaitForAssertion(() => Assert.Equal(2, published?.Value?.GetValue<int>()), Debounced);
    }
}
