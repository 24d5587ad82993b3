using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Expressions;

/// <summary>Templates print a department's name where a person reads it, never its code.</summary>
public sealed class DepartmentNameTests
{
    private readonly EngineFixture _fixture = new();

    public DepartmentNameTests()
    {
        _fixture.Organisation.AddDepartment("dept-police-north", name: "城区公安分局北街派出所");
        _fixture.Publish(new Flow("named").Input("police", "department").Input("other", "text").Start()
            .Activity("mail", "SendEmail", ("to", Lit(new JsonObject { ["roles"] = new JsonArray("reviewer") })),
                ("subject", Liquid("辖区派出所：{{ input.police | department_name }}")),
                ("body", Liquid("未知部门：{{ input.other | department_name }}；空：{{ input.missing | department_name }}。")))
            .Activity("doc", "GenerateDocument", ("template", Lit("t")), ("fileName", Lit("f")),
                ("data", Js("({ police: departmentName(input.police), missing: departmentName(input.missing) })")))
            .End()
            .Connect("start", "mail").Connect("mail", "doc").Connect("doc", "end").Build());
    }

    [Fact]
    public async Task LiquidFilterAndJavaScriptFunction_GiveTheDepartmentsName()
    {
        var instance = await _fixture.StartAsync("named", new JsonObject { ["police"] = "dept-police-north", ["other"] = "not-a-department" });

        var effects = await _fixture.Store.GetSideEffectsAsync(instance.Id, default);
        var mail = effects.Single(e => e.Kind == SideEffectKinds.Email).Payload;
        Assert.Equal("辖区派出所：城区公安分局北街派出所", mail["subject"]!.GetValue<string>());
        // A value that names no department stays as it was, and nothing prints as nothing.
        Assert.Equal("未知部门：not-a-department；空：。", mail["body"]!.GetValue<string>());
        var data = effects.Single(e => e.Kind == SideEffectKinds.Document).Payload["data"]!;
        Assert.Equal("城区公安分局北街派出所", data["police"]!.GetValue<string>());
        Assert.Equal("", data["missing"]!.GetValue<string>());
    }
}
