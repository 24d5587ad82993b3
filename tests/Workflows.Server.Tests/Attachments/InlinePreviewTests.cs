using System.Net;

namespace Workflows.Server.Tests.Attachments;

public sealed class InlinePreviewTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [Theory]
    [InlineData("公函.pdf", "application/pdf", "inline")]
    [InlineData("附件.html", "text/html", "attachment")]
    [InlineData("图.svg", "image/svg+xml", "attachment")]
    public async Task Inline_ShowsOnlyTypesThatCannotRunScript(string fileName, string contentType, string disposition)
    {
        var drafter = await shared.Factory.ClientForAsync("drafter");
        var upload = await (await drafter.UploadAsync("<script>alert(1)</script>"u8.ToArray(), fileName, contentType)).ExpectObjectAsync(HttpStatusCode.Created);

        var response = await drafter.GetAsync($"/api/attachments/{upload["id"]}?inline=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(disposition, response.Content.Headers.ContentDisposition?.DispositionType);
        if (disposition == "inline")
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }
}
