using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;

namespace Workflows.Server.Tests.Attachments;

public sealed class AttachmentsApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Attachments = "/api/attachments";
    private const int Limit = 1024 * 1024;

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Upload_ReturnsTheIdNameSizeAndSha256(Provider provider)
    {
        var drafter = await shared.For(provider).ClientForAsync("drafter");
        var content = RandomNumberGenerator.GetBytes(5000);

        var response = await drafter.UploadAsync(content, "提请审查的公函.pdf");

        var uploaded = await response.ExpectObjectAsync(HttpStatusCode.Created);
        Assert.Equal(("提请审查的公函.pdf", 5000L, Convert.ToHexStringLower(SHA256.HashData(content))),
            ((string)uploaded["fileName"]!, (long)uploaded["size"]!, (string)uploaded["sha256"]!));
        Assert.Equal(32, ((string)uploaded["id"]!).Length);
        Assert.Equal($"{Attachments}/{uploaded["id"]}", response.Headers.Location?.OriginalString);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Download_ReturnsTheOriginalNameContentTypeAndBytes(Provider provider)
    {
        var drafter = await shared.For(provider).ClientForAsync("drafter");
        var content = RandomNumberGenerator.GetBytes(3000);
        var id = (string)(await (await drafter.UploadAsync(content, "会议纪要.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
            .ExpectObjectAsync(HttpStatusCode.Created))["id"]!;

        var response = await drafter.GetAsync($"{Attachments}/{id}");

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("会议纪要.docx", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Download_IsNotFound_ToAnotherUser_UntilTheyMaySeeAnInstanceUsingIt(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("letter");
        await server.PublishAsync(Flows.Signal(id, Flows.LetterInput));
        var drafter = await server.ClientForAsync("drafter");
        var market = await server.ClientForAsync("market");
        var admin = await server.ClientForAsync("admin");
        var letter = await drafter.UploadAsync();

        await (await market.GetAsync($"{Attachments}/{letter}")).ExpectProblemAsync(HttpStatusCode.NotFound, letter);
        var instanceId = await drafter.StartAsync(id, $$"""{ "letter": "{{letter}}" }""");
        await (await market.GetAsync($"{Attachments}/{letter}")).ExpectProblemAsync(HttpStatusCode.NotFound, letter);
        await (await admin.GetAsync($"{Attachments}/{letter}")).ExpectAsync(HttpStatusCode.OK);

        // There is no task API yet: act in the instance as a completed task would, through the engine, in market's name.
        await server.Services.GetRequiredService<WorkflowEngine>().SignalAsync(instanceId, "go", null, "market");

        await (await market.GetAsync($"{Attachments}/{letter}")).ExpectAsync(HttpStatusCode.OK);
        await (await (await server.ClientForAsync("police")).GetAsync($"{Attachments}/{letter}")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Download_ReturnsNotFound_ForAnUnknownId(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");
        var unknown = Guid.NewGuid().ToString("N");

        await (await admin.GetAsync($"{Attachments}/{unknown}")).ExpectProblemAsync(HttpStatusCode.NotFound, "AttachmentNotFound", unknown);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Upload_ReturnsPayloadTooLarge_ForAFileOverTheLimit(Provider provider)
    {
        var drafter = await shared.For(provider).ClientForAsync("drafter");

        var tooLarge = await drafter.UploadAsync(new byte[Limit + 1], "扫描件.pdf");
        var atTheLimit = await drafter.UploadAsync(new byte[Limit], "扫描件.pdf");

        await tooLarge.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "扫描件.pdf", $"{Limit + 1} bytes", $"the limit is {Limit}");
        Assert.Equal(Limit, (long)(await atTheLimit.ExpectObjectAsync(HttpStatusCode.Created))["size"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Upload_ReturnsValidationProblem_ForANameOrTypeLongerThanTheDatabaseKeeps(Provider provider)
    {
        var drafter = await shared.For(provider).ClientForAsync("drafter");

        var longName = await drafter.UploadAsync(new byte[10], new string('函', 509) + ".pdf");
        var longType = await drafter.UploadAsync(new byte[10], "公函.pdf", "application/x-" + new string('x', 500));

        Assert.Contains("at most 512 characters", (await longName.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("file").Single());
        Assert.Contains("at most 512 characters", (await longType.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("file").Single());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Upload_ReturnsValidationProblem_WithoutAFile(Provider provider)
    {
        var drafter = await shared.For(provider).ClientForAsync("drafter");

        var json = await drafter.PostJsonAsync(Attachments, """{ "file": "公函.pdf" }""");
        var empty = await drafter.UploadAsync([], "空白.pdf");
        var noFile = await drafter.PostAsync(Attachments, new MultipartFormDataContent { { new StringContent("x"), "note" } });

        Assert.Contains("multipart/form-data", (await json.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("file").Single());
        Assert.NotEmpty((await empty.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("file"));
        Assert.NotEmpty((await noFile.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("file"));
    }
}
