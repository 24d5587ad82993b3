using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Definitions;
using Workflows.Designer.Services;
using Workflows.Designer.Work.Start;

namespace Workflows.Designer.Tests.Work.Start;

public sealed class StartPageUploadTests : DesignerContext
{
    private readonly GatedWork _work = GatedWork.Create();

    public StartPageUploadTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        Context.Services.AddSingleton(_work.Client);
    }

    [Fact]
    public async Task Submitting_WaitsForAChosenFile_ThenSendsItWithTheMatter()
    {
        var page = Context.Render<StartPage>(p => p.Add(s => s.DefinitionId, "health-review"));
        page.Find("[data-testid=field-title]").Input("关于促进全民健身的若干措施");

        // bUnit's upload returns once the page has handled the file, which here waits for Arrive below.
        var fileInput = page.FindComponent<InputFile>();
        var chosen = Task.Run(() => fileInput.UploadFiles(InputFileContent.CreateFromText("第一条 ……", "草案.txt")));

        // The file is chosen but its id is not back: 提交 would start the matter without it.
        page.WaitForAssertion(() => Assert.True(page.Find("[data-testid=start-submit]").HasAttribute("disabled")));
        Assert.Equal("文件上传中，上传完成后才能提交", page.Find("[data-testid=form-uploading]").TextContent.Trim());

        _work.Arrive("att-1");
        await chosen.WaitAsync(TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=start-submit]").HasAttribute("disabled")));
        Assert.Empty(page.FindAll("[data-testid=form-uploading]"));

        page.Find("[data-testid=start-submit]").Click();

        page.WaitForAssertion(() => Assert.Single(_work.Started));
        var (definitionId, input) = _work.Started[0];
        Assert.Equal("health-review", definitionId);
        Assert.Equal("att-1", input["draft"]!.GetValue<string>());
        Assert.Equal("关于促进全民健身的若干措施", input["title"]!.GetValue<string>());
    }

    /// <summary>
    /// The work client as far as the start page uses it: the procedure's form, an upload that arrives only when the
    /// test says so, and the starts it was asked for. Anything else the page might call fails the test.
    /// </summary>
    public class GatedWork : DispatchProxy
    {
        private readonly TaskCompletionSource<string> _upload = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IWorkClient Client { get; private set; } = default!;

        public List<(string DefinitionId, JsonObject Input)> Started { get; } = [];

        public static GatedWork Create()
        {
            var client = DispatchProxy.Create<IWorkClient, GatedWork>();
            var work = (GatedWork)(object)client;
            work.Client = client;
            return work;
        }

        public void Arrive(string id) => _upload.SetResult(id);

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
        {
            nameof(IWorkClient.StartFormAsync) => Task.FromResult<WorkflowDefinition?>(new WorkflowDefinition
            {
                DefinitionId = "health-review",
                Name = "公共政策健康审查",
                Inputs =
                [
                    new InputDefinition { Name = "title", Label = "政策名称", Type = FieldTypes.Text, Required = true },
                    new InputDefinition { Name = "draft", Label = "草案", Type = FieldTypes.File, Required = false },
                ],
            }),
            nameof(IWorkClient.UploadAsync) => UploadAsync((string)args![0]!, (Stream)args[2]!),
            nameof(IWorkClient.StartAsync) => Start((string)args![0]!, (JsonObject)args[1]!),
            _ => throw new InvalidOperationException($"the start page called {method?.Name}"),
        };

        private async Task<WorkResult<UploadedFile>> UploadAsync(string fileName, Stream content)
        {
            var size = await ReadAllAsync(content);
            return WorkResult<UploadedFile>.Success(new UploadedFile(await _upload.Task, fileName, size));
        }

        private static async Task<long> ReadAllAsync(Stream content)
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy);
            return copy.Length;
        }

        private Task<WorkResult<string>> Start(string definitionId, JsonObject input)
        {
            Started.Add((definitionId, (JsonObject)input.DeepClone()));
            return Task.FromResult(WorkResult<string>.Success("instance-1"));
        }
    }
}
