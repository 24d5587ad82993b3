using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Workflows.Procedures.Tests;

/// <summary>车辆报废审批 (城政办函〔2023〕21号), every path, through the REST API.</summary>
public sealed class VehicleScrappingTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    private const string Finance = "区财政局（国有资产）审核";
    private const string Office = "区政府办公室审核（财政意见：同意）";
    private const string RefusalLabel = "不同意报废复函";
    private const string Leader = "区政府领导审批（财政：同意；办公室：同意）";
    private const string HandOver = "交售车辆并上传证明";
    private const string WriteOff = "区财政局资产核销";

    private static Task<Matter> StartAsync(ProcedureServer server) => Matter.StartAsync(server, "vehicle-unit", "vehicle-scrapping",
        new JsonObject
        {
            ["unit"] = "区城乡建设事务服务中心",
            ["requestTitle"] = "关于申请报废老旧环卫作业车辆的请示",
            ["requestNumber"] = "阳城建服字〔2023〕64号",
            ["vehicleCategory"] = "老旧环卫作业车辆",
            ["vehicleCount"] = 18,
            ["vehicles"] = "晋C·12345 洒水车 2008-05 32万公里 底盘锈蚀\n晋C·23456 垃圾车 2009-03 29万公里 发动机老化",
            ["reason"] = "已不符合现有作业条件",
        },
        "request");

    [Fact]
    public async Task Rejected_ByTheLeader_RepliesNo()
    {
        var matter = await StartAsync(server);
        await matter.SeesAsync("finance", Finance);
        await matter.SeesNothingAsync("vehicle-unit", "office-head", "leader");
        await matter.ActAsync("finance", Finance, "agree");
        await matter.SeesAsync("office-head", Office);
        await matter.ActAsync("office-head", Office, "submit");
        await matter.SeesAsync("leader", Leader);
        await matter.ActAsync("leader", Leader, "reject", "车辆经维修尚可继续使用");
        // The refusal is a reply of its own: drafted, checked by the office (核稿) and signed by the leader (签发).
        Assert.Equal(0, await matter.DocumentCountAsync());
        await matter.SignsOffAsync(RefusalLabel);

        await matter.EndsWithAsync("不同意报废");
        await matter.ReceivedAsync(
            "completed → vehicle-unit",
            "completed → vehicle-unit",
            "task-assigned → finance",
            "task-assigned → office-head",
            "task-assigned → office-head",
            "task-assigned → leader",
            "task-assigned → leader",
            "completed → vehicle-unit",
            "completed → vehicle-unit",
            "send-email → vehicle-unit",
            "instance-finished → vehicle-unit");
        await matter.SeesNothingAsync("vehicle-unit", "finance");
        await matter.SentEmailsAsync("不同意报废：区城乡建设事务服务中心老旧环卫作业车辆");
        var reply = await matter.DocumentAsync();
        Assert.Equal("关于区城乡建设事务服务中心老旧环卫作业车辆报废请示的复函", reply.Title);
        Assert.Contains("经区政府研究，不同意报废。车辆经维修尚可继续使用", reply.Text, StringComparison.Ordinal);
        Assert.Contains("（此附件不予公开）", reply.Paragraphs);

        // The approval drafted before the leader decided was superseded by the refusal: listed only on request, never numbered, not editable.
        var admin = await server.As("admin");
        var listed = (await admin.GetFromJsonAsync<JsonArray>($"/api/workflow-instances/{matter.Id}/documents"))!;
        Assert.Equal(["Issued"], listed.Select(d => d!["state"]!.GetValue<string>()));
        var all = (await admin.GetFromJsonAsync<JsonArray>($"/api/workflow-instances/{matter.Id}/documents?superseded=true"))!.Select(d => d!.AsObject()).ToList();
        var superseded = Assert.Single(all, d => d["state"]!.GetValue<string>() == "Superseded");
        Assert.Equal("replyDraft", superseded["activityId"]!.GetValue<string>());
        Assert.Equal("", superseded["number"]!.GetValue<string>());
        var detail = (await admin.GetFromJsonAsync<JsonObject>($"/api/workflow-instances/{matter.Id}/documents/{superseded["id"]}"))!;
        var edit = await admin.PutAsJsonAsync($"/api/workflow-instances/{matter.Id}/documents/{superseded["id"]}", detail["text"]);
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Contains("DraftSuperseded", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The scrapping ledger (台账) counts the refusal with its vehicles and the refusal's number only.
        var ledger = (await admin.GetFromJsonAsync<JsonObject>("/api/ledgers/vehicle-scrapping"))!;
        var row = ledger["rows"]!.AsArray().Single(r => r!["matter"]!.GetValue<string>() == matter.Id)!;
        Assert.Equal(("不同意报废", 18, reply.Number), (row["decision"]!.GetValue<string>(), row["vehicleCount"]!.GetValue<int>(), row["documents"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("disagree", "submit", "approve", "同意报废")]
    [InlineData("disagree", "disagree", "reject", "不同意报废")]
    [InlineData("agree", "disagree", "reject", "不同意报废")]
    [InlineData("disagree", "submit", "reject", "不同意报废")]
    public async Task FinanceAndTheOfficeGiveOpinions_OnlyTheLeaderDecides(string finance, string office, string leader, string result)
    {
        var matter = await StartAsync(server);
        await matter.ActAsync("finance", Finance, finance, finance == "disagree" ? "仍在使用年限内" : null);
        await matter.IsRunningAsync();
        Assert.Equal(0, await matter.DocumentCountAsync());
        var officeTitle = $"区政府办公室审核（财政意见：{(finance == "agree" ? "同意" : "不同意，仍在使用年限内")}）";
        await matter.ActAsync("office-head", officeTitle, office, office == "disagree" ? "建议暂缓" : null);
        await matter.IsRunningAsync();
        Assert.Equal(0, await matter.DocumentCountAsync());
        var leaderTask = Assert.Single(await matter.InboxAsync("leader"));
        Assert.Contains(office == "submit" ? "办公室：同意" : "办公室：不同意，建议暂缓", leaderTask, StringComparison.Ordinal);
        await matter.ActAsync("leader", leaderTask, leader, leader == "reject" ? "不同意报废" : null);
        if (leader == "reject")
        {
            await matter.SignsOffAsync(RefusalLabel);
        }

        var journal = await (await server.As("admin")).GetFromJsonAsync<JsonArray>($"/api/workflow-instances/{matter.Id}/journal");
        var decidedBy = journal!.Select(e => e!.AsObject()).Last(e => e["activityId"]?.GetValue<string>() == "leaderApproval" && e["outcome"] is not null);
        Assert.Equal("leader", decidedBy["actor"]!.GetValue<string>());
        var reply = await matter.DocumentAsync();
        Assert.Equal(result == "同意报废" ? "关于同意区城乡建设事务服务中心老旧环卫作业车辆报废的复函" : "关于区城乡建设事务服务中心老旧环卫作业车辆报废请示的复函", reply.Title);
        if (result == "不同意报废")
        {
            await matter.EndsWithAsync("不同意报废");
        }
        else
        {
            await matter.SeesAsync("vehicle-unit", HandOver);
        }
    }

    [Fact]
    public Task Approved_WithBothCertificates_IsWrittenOff() => ApprovedAndWrittenOffAsync(server);

    /// <summary>The approval path, shared with the PostgreSQL run.</summary>
    internal static async Task ApprovedAndWrittenOffAsync(ProcedureServer server)
    {
        var matter = await StartAsync(server);
        await matter.ActAsync("finance", Finance, "agree");
        await matter.ActAsync("office-head", Office, "submit");
        await matter.ActAsync("leader", Leader, "approve");

        var reply = await matter.DocumentAsync();
        Assert.Equal("关于同意区城乡建设事务服务中心老旧环卫作业车辆报废的复函", reply.Title);
        Assert.Matches(@"^城政办函〔\d{4}〕\d+号$", reply.Number);
        Assert.Contains("区城乡建设事务服务中心：", reply.Paragraphs);
        Assert.Contains("《区城乡建设事务服务中心关于申请报废老旧环卫作业车辆的请示》（阳城建服字〔2023〕64号）已收悉。", reply.Text, StringComparison.Ordinal);
        Assert.Contains("所报18辆老旧环卫作业车辆，已不符合现有作业条件，达到报废标准，同意报废，请按程序报废。", reply.Text, StringComparison.Ordinal);
        Assert.Contains("阳泉市城区人民政府办公室", reply.Paragraphs);
        Assert.Contains("（此件公开发布）", reply.Paragraphs);
        // The plates go in the reply's annex, which is marked not for public release.
        Assert.Contains("附件：报废车辆清单", reply.Paragraphs);
        Assert.Contains("（此附件不予公开）", reply.Paragraphs);
        Assert.Contains("晋C·12345 洒水车 2008-05 32万公里 底盘锈蚀", reply.Paragraphs);

        await matter.SeesAsync("vehicle-unit", HandOver);
        await matter.SeesNothingAsync("finance", "leader");
        var unit = await server.As("vehicle-unit");
        var tasks = await (await unit.GetAsync($"/api/tasks?scope=mine&instanceId={matter.Id}")).Content.ReadFromJsonAsync<JsonObject>();
        var taskId = tasks!["items"]![0]!["id"]!.GetValue<string>();
        var incomplete = await unit.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome = "uploaded", data = new JsonObject() });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);

        var recycle = await Matter.UploadAsync(unit, "报废机动车回收证明.pdf");
        var deregistration = await Matter.UploadAsync(unit, "机动车注销证明.pdf");
        await matter.ActAsync("vehicle-unit", HandOver, "uploaded",
            data: new JsonObject { ["recycleCertificate"] = recycle, ["deregistrationCertificate"] = deregistration },
            attachmentIds: [recycle, deregistration]);
        await matter.SeesAsync("finance", WriteOff);
        await matter.ActAsync("finance", WriteOff, "writtenOff");

        await matter.EndsWithAsync("已报废核销");
        await matter.ReceivedAsync(
            "task-assigned → finance",
            "task-assigned → finance",
            "task-assigned → office-head",
            "task-assigned → leader",
            "task-assigned → vehicle-unit",
            "completed → vehicle-unit",
            "completed → vehicle-unit",
            "completed → vehicle-unit",
            "send-email → vehicle-unit",
            "send-email → vehicle-unit",
            "instance-finished → vehicle-unit");
        await matter.SentEmailsAsync("同意报废：区城乡建设事务服务中心老旧环卫作业车辆", "资产已核销");
    }
}

/// <summary>A server on PostgreSQL for the class, when <c>WORKFLOWS_TEST_POSTGRES</c> is set.</summary>
public sealed class PostgresProcedureServer : IAsyncLifetime
{
    public ProcedureServer? Server { get; private set; }

    public async Task InitializeAsync()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ProcedureServer.PostgresVariable)))
        {
            Server = new ProcedureServer(postgres: true);
            await Server.InitializeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Server is IAsyncLifetime server)
        {
            await server.DisposeAsync();
        }
    }
}

public sealed class VehicleScrappingPostgresTests(PostgresProcedureServer postgres) : IClassFixture<PostgresProcedureServer>
{
    [SkippableFact]
    public async Task Approved_WithBothCertificates_IsWrittenOff_OnPostgreSql()
    {
        Skip.If(postgres.Server is null, $"PostgreSQL tests need {ProcedureServer.PostgresVariable} (a connection string); .ci/run sets it");
        await VehicleScrappingTests.ApprovedAndWrittenOffAsync(postgres.Server!);
    }
}
