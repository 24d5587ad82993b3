namespace Workflows.Cli.Tests.Elsa;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string Corpus(string name) => Path.Combine(AppContext.BaseDirectory, "ElsaCorpus", name);

    [Fact]
    public void SupportedFiles_AreWrittenToTheOutFolder_AsDefinitionsThatValidate()
    {
        var loop = Corpus("elsa-core--Scenarios--ImportAndExecute--implicit-loop.json");
        var join = Corpus("elsa-core--Scenarios--ExplicitJoins--join-any-1.json");
        var folder = _files.PathOf("out");

        var result = CliRun.InProcess("convert", loop, join, "--out", folder);

        Assert.Equal(0, result.ExitCode);
        var written = Path.Combine(folder, "68e6bca3d86c4a5a8dfb825f1d5c0875.json");
        Assert.Equal([$"{loop} -> {written}", $"{join} -> {Path.Combine(folder, "7204b870946b4968aa786a2c91431242.json")}"], result.OutputLines);
        Assert.Contains("2 converted (0 with validation errors), 0 refused", result.Error);
        Assert.Contains("\"type\": \"Start\"", File.ReadAllText(written));
        Assert.Equal(0, CliRun.InProcess("validate", written).ExitCode);
    }

    [Fact]
    public void FileWithUnsupportedActivities_IsRefused_NamingEachActivity_AndNothingIsWritten()
    {
        var onboarding = Corpus("elsa-guides--src--guides--external-app-interaction--employee-onboarding.json");
        var folder = _files.PathOf("out");

        var result = CliRun.InProcess("convert", onboarding, "--out", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(4, result.OutputLines.Count(l => l.Contains(": ElsaUnsupportedActivity: ") && l.EndsWith("Elsa.RunTask: not supported")));
        Assert.Contains($"{onboarding}: b39d18dd92744edd: ElsaUnsupportedActivity: b39d18dd92744edd: Elsa.RunTask: not supported", result.OutputLines);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void OurOwnFile_IsNotConverted()
    {
        var ours = _files.Write("leave.json", Validation.Definitions.Leave());

        var result = CliRun.InProcess("convert", ours, "--out", _files.PathOf("out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not an Elsa 3 workflow", Assert.Single(result.OutputLines));
    }

    [Fact]
    public void Validate_AcceptsElsaFilesDirectly()
    {
        var valid = Corpus("elsa-core--Scenarios--JoinBehaviors--fork-decision-join-waitall.json");
        var refused = Corpus("elsa-core--Scenarios--ParentChildOutputMapping--b.json");

        var ok = CliRun.InProcess("validate", valid);
        var bad = CliRun.InProcess("validate", refused);

        Assert.Equal((0, ""), (ok.ExitCode, ok.Output));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains(bad.OutputLines, l => l.Contains("ElsaUnsupportedActivity") && l.Contains("not supported"));
    }
}
