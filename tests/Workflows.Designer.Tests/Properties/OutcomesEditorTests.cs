using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Designer.Properties;

namespace Workflows.Designer.Tests.Properties;

public sealed class OutcomesEditorTests : DesignerContext
{
    private static ExpressionDefinition TwoOutcomes() => ExpressionDefinition.Literal(JsonNode.Parse(
        """[{ "name": "accept", "label": "受理" }, { "name": "incomplete", "label": "退回补正", "requiresComment": true, "returns": true }]"""));

    [Fact]
    public void Shows_OneRowPerOutcome()
    {
        var editor = Context.Render<OutcomesEditor>(p => p.Add(e => e.Value, TwoOutcomes()));

        Assert.Equal(2, editor.FindAll("[data-outcome-index]").Count);
        Assert.Equal("accept", editor.Find("[data-testid=outcome-name-0]").GetAttribute("value"));
    }

    [Fact]
    public void Adding_PublishesTheListWithANewOutcome()
    {
        ExpressionDefinition? published = null;
        var editor = Context.Render<OutcomesEditor>(p => p
            .Add(e => e.Value, TwoOutcomes())
            .Add(e => e.ValueChanged, v => published = v));

        editor.Find("[data-testid=outcome-add] button, button[data-testid=outcome-add]").Click();

        var names = ((JsonArray)published!.Value!).Select(o => o!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["accept", "incomplete", "outcome3"], names);
        Assert.Equal(ExpressionTypes.Literal, published.Type);
    }

    [Fact]
    public void Removing_KeepsTheOtherOutcomesWithTheirRequiredCommentAndReturnFlag()
    {
        ExpressionDefinition? published = null;
        var editor = Context.Render<OutcomesEditor>(p => p
            .Add(e => e.Value, TwoOutcomes())
            .Add(e => e.ValueChanged, v => published = v));

        editor.FindAll("[data-outcome-index=\"0\"] button").Last().Click();

        var only = Assert.Single((JsonArray)published!.Value!)!;
        Assert.Equal("incomplete", only["name"]!.GetValue<string>());
        Assert.True(only["requiresComment"]!.GetValue<bool>());
        Assert.True(only["returns"]!.GetValue<bool>());
    }
}
