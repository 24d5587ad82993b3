using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Designer.Properties;

namespace Workflows.Designer.Tests.Properties;

public sealed class DueEditorTests : DesignerContext
{
    [Fact]
    public void ShowsTargetAndHardLimit_InWorkingDays()
    {
        var editor = Context.Render<DueEditor>(p => p.Add(e => e.Value,
            ExpressionDefinition.Literal(new JsonObject { ["workingDays"] = 5, ["hardWorkingDays"] = 7 })));

        Assert.Equal("5", editor.Find("[data-testid=due-working-days]").GetAttribute("value"));
        Assert.Equal("7", editor.Find("[data-testid=due-hard-working-days]").GetAttribute("value"));
    }

    [Fact]
    public void Changing_PublishesAWorkingDaysObject()
    {
        ExpressionDefinition? published = null;
        var editor = Context.Render<DueEditor>(p => p.Add(e => e.ValueChanged, v => published = v));

        editor.Find("[data-testid=due-working-days]").Input("3");

        editor.WaitForAssertion(() => Assert.Equal(3, published?.Value?["workingDays"]?.GetValue<int>()));
        Assert.Null(published!.Value!["hardWorkingDays"]);
    }
}
