using Workflows.Core.Definitions;
using Workflows.Designer.Properties;

namespace Workflows.Designer.Tests.Properties;

public sealed class ExpressionEditorTests : DesignerContext
{
    [Fact]
    public void ShowsTheJavaScriptSyntaxError_OfTheCurrentValue()
    {
        var editor = Context.Render<ExpressionEditor>(p => p
            .Add(e => e.InputName, "condition")
            .Add(e => e.Value, ExpressionDefinition.JavaScript("input.amount >")));

        Assert.NotNull(editor.Instance.Error);
        Assert.Contains("mud-input-error", editor.Markup);
    }

    [Fact]
    public void ChecksLiquid_AndAcceptsAValidTemplate()
    {
        var broken = Context.Render<ExpressionEditor>(p => p.Add(e => e.Value, ExpressionDefinition.Liquid("{{ input.title ")));
        var valid = Context.Render<ExpressionEditor>(p => p.Add(e => e.Value, ExpressionDefinition.Liquid("审查：{{ input.title }}")));

        Assert.NotNull(broken.Instance.Error);
        Assert.Null(valid.Instance.Error);
    }

    [Fact]
    public void Typing_PublishesTheExpression_AndRechecksIt()
    {
        ExpressionDefinition? published = null;
        var editor = Context.Render<ExpressionEditor>(p => p
            .Add(e => e.InputName, "condition")
            .Add(e => e.Value, ExpressionDefinition.JavaScript("true"))
            .Add(e => e.ValueChanged, v => published = v));

        editor.Find("[data-testid=input-condition]").Input("variables.round > 2 &&");
        editor.WaitForAssertion(() => Assert.NotNull(published), TimeSpan.FromSeconds(2));

        Assert.Equal(ExpressionTypes.JavaScript, published!.Type);
        Assert.Equal("variables.round > 2 &&", published.Value!.GetValue<string>());
        Assert.NotNull(editor.Instance.Error);
    }
}
