using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Activities;

public sealed class SideEffectActivityTests
{
    private readonly EngineFixture _fixture = new();

    [Fact]
    public async Task SendEmailNotifyAndGenerateDocument_RecordSideEffectsCommittedWithTheBurst()
    {
        _fixture.Publish(new Flow("effects").Input("title").Start()
            .Activity("mail", "SendEmail", ("to", Lit(new JsonObject { ["roles"] = new JsonArray("drafter") })),
                ("subject", Liquid("审查完成：{{ input.title }}")), ("body", Lit("请查收审查意见书。")))
            .Activity("cc", "Notify", ("to", Lit(new JsonObject { ["users"] = new JsonArray("zhang") })), ("title", Liquid("抄送：{{ input.title }}")))
            .Activity("doc", "GenerateDocument", ("template", Lit("review-opinion")), ("fileName", Lit("审查意见书.docx")),
                ("data", Js("({ title: input.title, conclusion: '已核' })")))
            .End()
            .Connect("start", "mail").Connect("mail", "cc").Connect("cc", "doc").Connect("doc", "end").Build());

        var instance = await _fixture.StartAsync("effects", new JsonObject { ["title"] = "养老政策" });
        var effects = await _fixture.Store.GetSideEffectsAsync(instance.Id, default);

        Assert.Equal([SideEffectKinds.Email, SideEffectKinds.Notify, SideEffectKinds.Document], effects.Select(e => e.Kind));
        Assert.Equal("审查完成：养老政策", effects[0].Payload["subject"]!.GetValue<string>());
        Assert.Equal("抄送：养老政策", effects[1].Payload["title"]!.GetValue<string>());
        Assert.Equal("已核", effects[2].Payload["data"]!["conclusion"]!.GetValue<string>());
        Assert.All(effects, e => Assert.Equal(instance.Id, e.InstanceId));
    }
}

public sealed class SendEmailRecipientTests
{
    [Fact]
    public async Task SendEmail_ToTheStarterAndTheirSupervisor_NamesThePeopleInTheOutbox()
    {
        var fixture = new EngineFixture();
        fixture.Publish(new Flow("mail-starter").Start()
            .Activity("mail", "SendEmail",
                ("to", Flow.Lit(new System.Text.Json.Nodes.JsonObject { ["starter"] = true, ["roles"] = new System.Text.Json.Nodes.JsonArray("reviewer") })),
                ("cc", Flow.Lit(new System.Text.Json.Nodes.JsonObject { ["supervisorOf"] = "starter" })),
                ("subject", Flow.Lit("审查意见书已出具")), ("body", Flow.Lit("请查收。")))
            .End().Connect("start", "mail").Connect("mail", "end").Build());

        var instance = await fixture.StartAsync("mail-starter", actor: "drafter1");

        var email = Assert.Single(await fixture.Store.GetSideEffectsAsync(instance.Id, default));
        Assert.Equal(["drafter1"], email.Payload["to"]!["users"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal(["reviewer"], email.Payload["to"]!["roles"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal(["head"], email.Payload["cc"]!["users"]!.AsArray().Select(u => u!.GetValue<string>()));
    }
}
