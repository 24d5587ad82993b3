namespace Workflows.Cli.Tests.Validation;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ValidFile_ExitsZero_PrintsNothingOnStdout_AndASummaryOnStderr()
    {
        var file = _files.Write("leave.json", Definitions.Leave());

        var result = CliRun.InProcess("validate", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal("workflows validate: 1 file checked: 1 valid, 0 invalid; 0 errors, 0 warnings", result.Error.Trim());
    }

    [Fact]
    public void InvalidFile_ExitsOne_WithOneLinePerProblem_FileActivityCodeMessage()
    {
        var file = _files.Write("leave.json", Definitions.Leave(rejectPort: "Maybe"));

        var result = CliRun.InProcess("validate", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"{file}: review: UnknownPort: UserTask 'review' has no port 'Maybe' (ports: approve, reject)"], result.OutputLines);
        Assert.Contains("0 valid, 1 invalid; 1 error, 0 warnings", result.Error);
    }

    [Fact]
    public void ProblemOfTheDefinitionItself_NamesDefinitionInPlaceOfTheActivity()
    {
        var file = _files.Write("leave.json", Definitions.Leave(definitionId: " "));

        var result = CliRun.InProcess("validate", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"{file}: (definition): MissingDefinitionId: the definition has no definitionId"], result.OutputLines);
    }

    [Fact]
    public void EveryProblemOfAFile_IsPrinted_InTheValidatorsOrder()
    {
        var file = _files.Write("empty.json", "{}");

        var result = CliRun.InProcess("validate", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                $"{file}: (definition): MissingDefinitionId: the definition has no definitionId",
                $"{file}: (definition): NoStart: the workflow has no Start activity",
            ],
            result.OutputLines);
    }

    [Fact]
    public void NotJson_ExitsTwo_NamingLineAndColumn()
    {
        // Line 3, column 19 counts characters: the four Chinese characters before the error are 12 bytes in UTF-8.
        var file = _files.Write("broken.json", "{\n  \"definitionId\": \"x\",\n  \"name\": \"请假审批\", oops\n}");

        var result = CliRun.InProcess("validate", file);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.OutputLines);
        Assert.StartsWith($"{file}: error: not a valid workflow definition at line 3, column 19: ", line);
        Assert.Contains("1 unreadable", result.Error);
    }

    [Fact]
    public void JsonThatIsNotADefinition_ExitsTwo()
    {
        var file = _files.Write("array.json", "[1, 2, 3]");

        var result = CliRun.InProcess("validate", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [$"{file}: error: not a valid workflow definition at line 1, column 2: the document must be an object {{ … }}"],
            result.OutputLines);
    }

    [Fact]
    public void NullWhereTheFormatHasNone_ExitsTwo_NamingThePath()
    {
        var file = _files.Write("nulls.json", """{ "definitionId": "x", "name": "x", "root": { "activities": [ { "id": "start", "type": "Start" }, null ] } }""");

        var result = CliRun.InProcess("validate", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{file}: error: not a valid workflow definition: 'root.activities[1]' is null, which is not allowed there"], result.OutputLines);
    }

    [Fact]
    public void MissingFile_ExitsTwo()
    {
        var missing = _files.PathOf("missing.json");

        var result = CliRun.InProcess("validate", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{missing}: error: file not found"], result.OutputLines);
    }

    [Fact]
    public void Directory_ExitsTwo()
    {
        var result = CliRun.InProcess("validate", _files.Directory);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{_files.Directory}: error: is a directory, not a definition file"], result.OutputLines);
    }

    [Fact]
    public void SeveralFiles_AreAllChecked_AndTheWorstOutcomeDecidesTheExitCode()
    {
        var valid = _files.Write("valid.json", Definitions.Leave());
        var invalid = _files.Write("invalid.json", Definitions.Leave(rejectPort: "Maybe"));
        var missing = _files.PathOf("missing.json");

        var validAndInvalid = CliRun.InProcess("validate", valid, invalid);
        var all = CliRun.InProcess("validate", missing, valid, invalid);

        Assert.Equal(1, validAndInvalid.ExitCode);
        Assert.Contains("2 files checked: 1 valid, 1 invalid; 1 error, 0 warnings", validAndInvalid.Error);
        Assert.Equal(2, all.ExitCode);
        Assert.Equal(
            [$"{missing}: error: file not found", $"{invalid}: review: UnknownPort: UserTask 'review' has no port 'Maybe' (ports: approve, reject)"],
            all.OutputLines);
        Assert.Contains("3 files checked: 1 valid, 1 invalid, 1 unreadable", all.Error);
    }

    [Fact]
    public void WarningsAlone_DoNotMakeAFileInvalid()
    {
        var organisation = _files.Write("org.json", """{ "roles": ["manager"], "users": ["zhang.san"] }""");
        var file = _files.Write("leave.json", Definitions.Leave(assignTo: """{ "roles": ["manager", "auditor"], "users": ["zhang.san"] }"""));

        var result = CliRun.InProcess("validate", "--org", organisation, file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"{file}: review: UnknownAssignee: warning: input 'assignTo': role 'auditor' does not exist"], result.OutputLines);
        Assert.Contains("1 valid, 0 invalid; 0 errors, 1 warning", result.Error);
    }

    [Fact]
    public void WithoutAnOrganisation_AssigneesAreNotChecked()
    {
        var file = _files.Write("leave.json", Definitions.Leave(assignTo: """{ "roles": ["nobody-has-this-role"] }"""));

        var result = CliRun.InProcess("validate", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void ErrorsAndWarnings_ExitOne()
    {
        var organisation = _files.Write("org.json", """{ "roles": [], "users": [] }""");
        var file = _files.Write("leave.json", Definitions.Leave(rejectPort: "Maybe"));

        var result = CliRun.InProcess("validate", file, "--org", organisation);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                $"{file}: review: UnknownAssignee: warning: input 'assignTo': role 'manager' does not exist",
                $"{file}: review: UnknownPort: UserTask 'review' has no port 'Maybe' (ports: approve, reject)",
            ],
            result.OutputLines);
    }

    [Theory]
    [InlineData("missing", "file not found")]
    [InlineData("""{ "roles": "manager" }""", "'roles' must be an array of names")]
    [InlineData("""{ "roles": [ }""", "not valid JSON at line 1, column 14")]
    public void UnusableOrganisationFile_ExitsTwo(string content, string expected)
    {
        var organisation = content == "missing" ? _files.PathOf("org.json") : _files.Write("org.json", content);
        var file = _files.Write("leave.json", Definitions.Leave());

        var result = CliRun.InProcess("validate", "--org", organisation, file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{organisation}: error: {expected}"], result.OutputLines);
    }

    [Fact]
    public void MultiLineMessages_StayOnOneLine()
    {
        var file = _files.Write("leave.json", Definitions.Leave().Replace("\"value\": \"done\"", "\"value\": \"done\" }, \"x\": { \"type\": \"JavaScript\", \"value\": \"1 +\\n\\n\"", StringComparison.Ordinal));

        var result = CliRun.InProcess("validate", file);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.OutputLines);
        Assert.StartsWith($"{file}: done: JavaScriptSyntax: input 'x': JavaScript syntax error", line);
    }

    [Fact]
    public async Task AsARealProcess_ExitCodeStreamsAndChineseTextComeThrough()
    {
        var file = _files.Write("请假.json", Definitions.Leave(reviewId: "审核", rejectPort: "驳回"));

        var result = await CliRun.AsProcessAsync(_files.Directory, "validate", "请假.json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["请假.json: 审核: UnknownPort: UserTask '审核' has no port '驳回' (ports: approve, reject)"], result.OutputLines);
        Assert.Equal("workflows validate: 1 file checked: 0 valid, 1 invalid; 1 error, 0 warnings", result.Error.Trim());
        Assert.True(File.Exists(file));
    }
}
