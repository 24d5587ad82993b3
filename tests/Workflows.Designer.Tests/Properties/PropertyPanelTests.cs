using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workflows.Core.Definitions;
using Workflows.Designer.Properties;

namespace Workflows.Designer.Tests.Properties;

public sealed class PropertyPanelTests : DesignerContext
{
    private IRenderedComponent<PropertyPanel> RenderPanel(ActivityDefinition activity, Action? changed = null) =>
        Context.Render<PropertyPanel>(p => p
            .Add(x => x.Activity, activity)
            .Add(x => x.Type, Catalog.Find(activity.Type))
            .Add(x => x.Organisation, Organisation)
            .Add(x => x.OnChanged, () => changed?.Invoke()));

    [Fact]
    public void UserTask_GetsItsDedicatedEditors()
    {
        Context.Render<MudPopoverProvider>();
        var panel = RenderPanel(new ActivityDefinition { Id = "review", Type = "UserTask", Name = "审查" });

        Assert.NotEmpty(panel.FindAll("[data-testid=assignee-assignTo]"));
        Assert.NotEmpty(panel.FindAll("[data-testid=outcomes-editor]"));
        Assert.NotEmpty(panel.FindAll("[data-testid=due-editor]"));
        Assert.NotEmpty(panel.FindAll("[data-testid=task-form]"));
        Assert.NotEmpty(panel.FindAll("[data-testid=assignee-escalateTo]"));
        Assert.NotEmpty(panel.FindAll("[data-testid=input-remindBefore]"));
    }

    [Fact]
    public void UserTask_InChinese_ShowsNoTechnicalKeys_UntilTheAdvancedViewIsOn()
    {
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        Context.Render<MudPopoverProvider>();
        var panel = RenderPanel(new ActivityDefinition { Id = "review", Type = "UserTask", Name = "审查" });

        var labels = string.Join("|", panel.FindAll("label, .mud-input-helper-text, h6, .mud-typography-caption").Select(e => e.TextContent));
        foreach (var key in new[] { "title", "assignTo", "mode", "consensus", "remindBefore", "escalateTo", "escalateEvery", "cc", "User task", "Literal", "JavaScript" })
        {
            Assert.DoesNotContain(key, labels, StringComparison.Ordinal);
        }
        Assert.Contains("待办标题（工作台显示）", labels, StringComparison.Ordinal);
        Assert.DoesNotContain("待办标题（工作台显示） *", labels, StringComparison.Ordinal);
        Assert.Contains("人工任务", panel.Find("[data-testid=prop-type]").TextContent, StringComparison.Ordinal);

        panel.Find("input[data-testid=prop-advanced], [data-testid=prop-advanced] input").Change(true);
        Assert.Contains("(assignTo)", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void RenamingAStep_LeavesItsTitleAsItIs_AndAnEmptyTitleShowsTheNewNameAsItsPlaceholder()
    {
        var activity = new ActivityDefinition { Id = "review", Type = "UserTask", Name = "审查" };
        var panel = RenderPanel(activity);

        panel.Find("[data-testid=prop-name]").Input("专家审查");
        panel.WaitForAssertion(() => Assert.Equal("专家审查", activity.Name));
        Assert.False(activity.Inputs.ContainsKey("title"));
        panel.WaitForAssertion(() => Assert.Equal("专家审查", panel.Find("[data-testid=input-title]").GetAttribute("placeholder")));

        // A title typed the same as the name is the user's own: renaming writes only the name.
        activity.Inputs["title"] = ExpressionDefinition.Literal("专家审查");
        panel.Find("[data-testid=prop-name]").Input("专家会审");
        panel.WaitForAssertion(() => Assert.Equal("专家会审", activity.Name));
        Assert.Equal("专家审查", activity.Inputs["title"].Value?.ToString());

        activity.Inputs["title"] = ExpressionDefinition.Literal("请审查：{{ input.title }}");
        panel.Find("[data-testid=prop-name]").Input("专家复审");
        panel.WaitForAssertion(() => Assert.Equal("专家复审", activity.Name));
        Assert.Equal("请审查：{{ input.title }}", activity.Inputs["title"].Value?.ToString());
    }

    [Fact]
    public void SendEmail_GetsTheTemplateEditor_WhosePreviewRendersSampleData()
    {
        var activity = new ActivityDefinition
        {
            Id = "mail",
            Type = "SendEmail",
            Inputs =
            {
                ["subject"] = ExpressionDefinition.Liquid("审查意见：{{ input.title }}"),
                ["body"] = ExpressionDefinition.Liquid("《{{ input.title }}》已审查完毕。"),
            },
        };
        var panel = RenderPanel(activity);

        panel.Find("[data-testid=email-preview-button]").Click();

        var preview = panel.Find("[data-testid=email-preview]").TextContent;
        Assert.Contains("审查意见：示例", preview);
        Assert.Contains("《示例》已审查完毕。", preview);
    }

    [Fact]
    public void Renaming_ChangesTheActivity_AndTellsTheCanvas()
    {
        var changes = 0;
        var activity = new ActivityDefinition { Id = "end1", Type = "End" };
        var panel = RenderPanel(activity, () => changes++);

        panel.Find("[data-testid=prop-name]").Input("办结");

        panel.WaitForAssertion(() => Assert.Equal("办结", activity.Name), TimeSpan.FromSeconds(2));
        Assert.True(changes > 0);
    }

    [Fact]
    public void UnknownType_StillShows_WithItsInputsAsJson()
    {
        var activity = new ActivityDefinition
        {
            Id = "legacy",
            Type = "Elsa.HttpEndpoint",
            Inputs = { ["path"] = ExpressionDefinition.Literal(new JsonObject { ["url"] = "/hook" }) },
        };
        var panel = RenderPanel(activity);

        Assert.Contains("mud-alert", panel.Markup);
        Assert.Contains("/hook", panel.Find("[data-testid=input-path]").GetAttribute("value"));
    }

    [Fact]
    public void AReminderPeriod_IsEditedAsWorkingDaysOrADuration_UnlessAScriptComputesIt()
    {
        Context.Render<MudPopoverProvider>();
        var literal = RenderPanel(new ActivityDefinition
        {
            Id = "review",
            Type = "UserTask",
            Inputs = { ["remindBefore"] = ExpressionDefinition.Literal("PT4H") },
        });
        var script = RenderPanel(new ActivityDefinition
        {
            Id = "review",
            Type = "UserTask",
            Inputs = { ["escalateEvery"] = ExpressionDefinition.JavaScript("input.urgent ? 'PT2H' : 1") },
        });

        Assert.Equal("PT4H", literal.Find("[data-testid=period-remindBefore-value]").GetAttribute("value"));
        Assert.Empty(script.FindAll("[data-testid=period-escalateEvery]"));
        Assert.Equal("input.urgent ? 'PT2H' : 1", script.Find("[data-testid=input-escalateEvery]").GetAttribute("value"));
    }
}
