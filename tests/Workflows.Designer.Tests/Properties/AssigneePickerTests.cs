using System.Text.Json.Nodes;
using MudBlazor;
using Workflows.Core.Definitions;
using Workflows.Designer.Properties;

namespace Workflows.Designer.Tests.Properties;

public sealed class AssigneePickerTests : DesignerContext
{
    [Fact]
    public void ShowsTheChosenRoles_ByTheirDisplayNames()
    {
        Context.Render<MudPopoverProvider>();
        var picker = Context.Render<AssigneePicker>(p => p
            .Add(x => x.InputName, "assignTo")
            .Add(x => x.Organisation, Organisation)
            .Add(x => x.Value, ExpressionDefinition.Literal(new JsonObject { ["roles"] = new JsonArray("health-office") })));

        Assert.Contains("健康专家委员会办公室", picker.Markup);
    }

    [Fact]
    public void SwitchingToAScript_PublishesJavaScript_AndChecksItsSyntax()
    {
        Context.Render<MudPopoverProvider>();
        ExpressionDefinition? published = null;
        var picker = Context.Render<AssigneePicker>(p => p
            .Add(x => x.InputName, "assignTo")
            .Add(x => x.Organisation, Organisation)
            .Add(x => x.ValueChanged, v => published = v));

        picker.Find("input[type=checkbox]").Change(true);

        Assert.Equal(ExpressionTypes.JavaScript, published?.Type);
    }
}
