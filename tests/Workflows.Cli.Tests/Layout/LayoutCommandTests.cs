using System.Text.Json.Nodes;

namespace Workflows.Cli.Tests.Layout;

public sealed class LayoutCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workflows-layout-").FullName;

    [Fact]
    public void Layout_WritesPositionsAndRoutes_AndTheFileStaysValid()
    {
        var file = Path.Combine(_folder, "review.json");
        File.WriteAllText(file, """
            { "definitionId": "review", "name": "审查",
              "root": { "activities": [
                { "id": "start", "type": "Start" },
                { "id": "check", "type": "UserTask", "name": "审核", "inputs": {
                    "title": { "type": "Literal", "value": "审核" }, "assignTo": { "type": "Literal", "value": { "users": ["a"] } },
                    "outcomes": { "type": "Literal", "value": [{ "name": "ok" }, { "name": "back" }] } } },
                { "id": "end", "type": "End" } ],
                "connections": [
                  { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "check", "port": "In" } },
                  { "source": { "activity": "check", "port": "ok" }, "target": { "activity": "end", "port": "In" } },
                  { "source": { "activity": "check", "port": "back" }, "target": { "activity": "check", "port": "In" } } ] } }
            """);

        var result = CliRun.InProcess("layout", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{file}: 3 steps, 2 connections routed", result.OutputLines.Single());
        var laidOut = JsonNode.Parse(File.ReadAllText(file))!["root"]!;
        double Y(string id) => laidOut["activities"]!.AsArray().Single(a => a!["id"]!.ToString() == id)!["metadata"]!["designer"]!["position"]!["y"]!.GetValue<double>();
        Assert.True(Y("start") < Y("check") && Y("check") < Y("end"));
        Assert.Equal(0, CliRun.InProcess("validate", file).ExitCode);
    }

    [Fact]
    public void Layout_ReportsAFileItCannotRead()
    {
        var result = CliRun.InProcess("layout", Path.Combine(_folder, "missing.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing.json: error:", result.Output);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
