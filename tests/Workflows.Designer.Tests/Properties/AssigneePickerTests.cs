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

    [Theory]
    [InlineData("{\"of\":\"starter\"}", "发起人所在部门", null)]
    [InlineData("{\"input\":\"hazardUnit\"}", "表单字段所选部门", "隐患单位 (hazardUnit)")]
    [InlineData("\"mall-a\"", "指定部门", "甲商场")]
    public void ARoleLimitedToADepartment_ShowsWhichDepartment(string department, string scope, string? detail)
    {
        Context.Render<MudPopoverProvider>();
        var spec = new JsonObject { ["roles"] = new JsonArray("health-office"), ["department"] = JsonNode.Parse(department) };
        var picker = Context.Render<AssigneePicker>(p => p
            .Add(x => x.InputName, "assignTo")
            .Add(x => x.Organisation, Organisation)
            .Add(x => x.StartFields, [new InputDefinition { Name = "hazardUnit", Label = "隐患单位", Type = FieldTypes.Department }])
            .Add(x => x.Value, ExpressionDefinition.Literal(spec)));

        Assert.Contains(scope, picker.Markup);
        if (detail is not null)
        {
            Assert.Contains(detail, picker.Markup);
        }
    }
}
