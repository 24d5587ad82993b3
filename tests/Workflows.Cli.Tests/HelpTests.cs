namespace Workflows.Cli.Tests;

public sealed class HelpTests
{
    [Fact]
    public void RootHelp_ListsValidate_OutputFormat_AndExitCodes()
    {
        var result = CliRun.InProcess("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("validate <FILE>", result.Output);
        Assert.Contains("FILE: ACTIVITY: CODE: MESSAGE", result.Output);
        Assert.Contains("Exit codes:", result.Output);
        Assert.Contains("1  at least one file has validation errors", result.Output);
    }

    [Fact]
    public void ValidateHelp_ExplainsUsage_OutputFormat_AndExitCodes()
    {
        var result = CliRun.InProcess("validate", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("validate <FILE>... [options]", result.Output);
        Assert.Contains("--org <FILE>", result.Output);
        Assert.Contains("FILE: ACTIVITY: CODE: MESSAGE", result.Output);
        Assert.Contains("FILE: ACTIVITY: CODE: warning: MESSAGE", result.Output);
        Assert.Contains("FILE: error: MESSAGE", result.Output);
        Assert.Contains("(definition)", result.Output);
        Assert.Contains("0  every file is valid", result.Output);
        Assert.Contains("1  at least one file has validation errors", result.Output);
        Assert.Contains("2  a file could not be read", result.Output);
        Assert.Equal("", result.Error);
    }

    [Theory]
    [InlineData]
    [InlineData("validate")]
    [InlineData("frobnicate")]
    [InlineData("validate", "--no-such-option", "x.json")]
    public void WrongCommandLine_ExitsTwo_WithTheReasonOnStderr(params string[] args)
    {
        var result = CliRun.InProcess(args);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEqual("", result.Error.Trim());
    }

    [Fact]
    public async Task AsARealProcess_HelpMentionsValidate()
    {
        var result = await CliRun.AsProcessAsync(AppContext.BaseDirectory, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("workflows [command] [options]", result.Output);
        Assert.Contains("validate <FILE>", result.Output);
        Assert.Contains("Exit codes:", result.Output);
    }
}
