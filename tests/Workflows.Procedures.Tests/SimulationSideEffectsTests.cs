using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Workflows.Procedures.Tests;

/// <summary>
/// 试运行 is a dry run: a procedure that drafts, checks, signs off and numbers a document, and e-mails the people due,
/// lists the document and the e-mails in its timeline, yet takes no number from the register (发文登记) and puts
/// nothing in the outbox. The same steps taken for real afterwards do both, so the checks can see a difference.
/// </summary>
public sealed class SimulationSideEffectsTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    private const string Data = "{ unit: '区城乡建设事务服务中心', requestTitle: '关于申请报废老旧环卫作业车辆的请示', vehicleCategory: '老旧环卫作业车辆', "
        + "requestNumber: '阳城建服字〔2023〕64号', decision: 'approved', vehicleCount: 18, reason: '已不符合现有作业条件', vehicles: '晋C·12345 洒水车' }";

    private static async Task<(JsonArray Register, int Outbox, int Instances)> StoredAsync(HttpClient admin) => (
        (await admin.GetFromJsonAsync<JsonArray>("/api/document-numbers"))!,
        (await admin.GetFromJsonAsync<JsonObject>("/api/email/outbox?pageSize=1"))!["total"]!.GetValue<int>(),
        (await admin.GetFromJsonAsync<JsonObject>("/api/workflow-instances?pageSize=1"))!["total"]!.GetValue<int>());

    [Fact]
    public async Task ASimulatedSignOff_ListsTheDocumentAndTheEmails_ButTakesNoNumber_AndLeavesTheOutboxAlone()
    {
        var (template, prefix) = await SignOffFlow.OwnTemplateAsync(server, "vehicle-scrapping-decision");
        var definitionId = await SignOffFlow.DeployAsync(server, template, Data);
        var admin = await server.As("admin");
        var series = $"/api/document-numbers/{Uri.EscapeDataString(prefix)}/{DocumentSignOffTests.Year}";
        var before = await StoredAsync(admin);

        var simulated = await admin.PostAsJsonAsync($"/api/workflow-definitions/{definitionId}/simulate", new
        {
            version = "published",
            startedBy = "office-head",
            actions = new object[]
            {
                new { activityId = "check", outcome = "submit" },
                new { activityId = "sign", outcome = "sign", afterWorkingDays = 1, data = new { publicity = "主动公开" } },
            },
        });
        Assert.True(simulated.StatusCode == HttpStatusCode.OK, await simulated.Content.ReadAsStringAsync());
        var result = (await simulated.Content.ReadFromJsonAsync<JsonObject>())!;
        var after = await StoredAsync(admin);

        Assert.Equal("Completed", result["status"]!.GetValue<string>());
        var timeline = result["timeline"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var documents = timeline.SelectMany(e => e["documents"]!.AsArray()).Select(d => d!.AsObject()).ToList();
        Assert.Equal(2, documents.Count);
        Assert.All(documents, d => Assert.Null(d["number"]));
        Assert.Contains(timeline, e => e["emails"]!.AsArray().Any(m => m!["to"]!.AsArray().Count > 0));
        Assert.Equal(before.Outbox, after.Outbox);
        Assert.Equal(before.Instances, after.Instances);
        Assert.Equal(before.Register.ToJsonString(), after.Register.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(series)).StatusCode);

        // For real, the same steps take the series' first number and queue the e-mails the simulation only listed.
        var matter = await SignOffFlow.StartAsync(server, definitionId);
        await matter.ActAsync("office-head", SignOffFlow.Check, "submit");
        await matter.ActAsync("leader", SignOffFlow.Sign, "sign", data: new JsonObject { ["publicity"] = "主动公开" });
        Assert.Equal($"{prefix}〔{DocumentSignOffTests.Year}〕1号", (await matter.DocumentAsync()).Number);
        Assert.True((await StoredAsync(admin)).Outbox > after.Outbox, "the real run queued its e-mails");
    }
}
