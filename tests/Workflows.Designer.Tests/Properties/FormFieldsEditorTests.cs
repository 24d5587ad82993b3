using System.Text.Json.Nodes;
using Workflows.Designer.Properties;

namespace Workflows.Designer.Tests.Properties;

public sealed class FormFieldsEditorTests : DesignerContext
{
    /// <summary>Debounced fields publish after 250–300 ms; a busy machine needs more.</summary>
    private static readonly TimeSpan Debounced = TimeSpan.FromSeconds(5);

    private IRenderedComponent<FormFieldsEditor> Render(JsonArray fields, Action<JsonArray>? changed = null) =>
        Context.Render<FormFieldsEditor>(p => p
            .Add(e => e.Fields, fields)
            .Add(e => e.FieldsChanged, f => changed?.Invoke(f)));

    [Fact]
    public void ASelectField_ShowsItsOptions_OneALine()
    {
        var editor = Render([
            new JsonObject { ["name"] = "area", ["type"] = "select", ["options"] = new JsonArray("市场准入", "产业发展") },
            new JsonObject { ["name"] = "note", ["type"] = "text" },
        ]);

        Assert.Equal("市场准入\n产业发展", editor.Find("[data-testid=field-options-0]").TextContent);
        Assert.Empty(editor.FindAll("[data-testid=field-options-1]"));
    }

    [Fact]
    public void TypingOptions_WritesTheOptionsList()
    {
        JsonArray? changed = null;
        var editor = Render([new JsonObject { ["name"] = "area", ["type"] = "select" }], f => changed = f);

        editor.Find("[data-testid=field-options-0]").Input("市场准入\n\n 产业发展 \n市场准入");

        editor.WaitForAssertion(() => Assert.Equal("""["市场准入","产业发展"]""", changed?[0]?["options"]?.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })), Debounced);
    }

    [Fact]
    public void AnOptionWithALabel_SurvivesAnEdit_WhileItsValueIsListed()
    {
        JsonArray? changed = null;
        var editor = Render([new JsonObject
        {
            ["name"] = "level",
            ["type"] = "select",
            ["options"] = new JsonArray(new JsonObject { ["value"] = "high", ["label"] = "高" }, "low"),
        }], f => changed = f);

        editor.Find("[data-testid=field-options-0]").Input("high\nmedium");

        editor.WaitForAssertion(() => Assert.NotNull(changed), Debounced);
        var options = (JsonArray)changed![0]!["options"]!;
        Assert.Equal("高", options[0]!["label"]!.GetValue<string>());
        Assert.Equal("medium", options[1]!.GetValue<string>());
        Assert.Equal(2, options.Count);
    }

    [Fact]
    public void ASelectWithoutOptions_IsFlagged()
    {
        var editor = Render([new JsonObject { ["name"] = "area", ["type"] = "checklist" }]);

        Assert.Contains("mud-input-error", editor.Find("[data-testid=field-options-0]").ParentElement!.ParentElement!.OuterHtml);
    }
}
