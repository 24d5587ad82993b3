using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core;
using Workflows.Core.Definitions;
using Workflows.Core.Elsa;
using Workflows.Core.Organisation;
using Workflows.Core.Validation;

namespace Workflows.Cli.Validation;

/// <summary><c>workflows validate FILE...</c>: checks definition files with the engine's own validator.</summary>
public static class ValidateCommand
{
    /// <summary>Stands in for the activity id of problems that concern the definition as a whole.</summary>
    public const string DefinitionPlaceholder = "(definition)";

    /// <summary>One line for the root's help.</summary>
    public const string OutputSummary =
        "one line per problem, FILE: ACTIVITY: CODE: MESSAGE (see workflows validate --help)";

    /// <summary>The output format, shown after the standard sections of <c>workflows validate --help</c>.</summary>
    public const string OutputHelp =
        "Output (standard output), one line per problem:\n" +
        "  FILE: ACTIVITY: CODE: MESSAGE            an error\n" +
        "  FILE: ACTIVITY: CODE: warning: MESSAGE   a warning (does not make the file invalid)\n" +
        "  FILE: error: MESSAGE                     FILE cannot be read or is not a JSON definition\n" +
        "                                           (with the line and column where JSON is malformed)\n" +
        "  ACTIVITY is the activity id, or " + DefinitionPlaceholder + " for a problem of the definition itself.\n" +
        "  CODE is a stable validation code, e.g. NoStart, UnknownPort, JavaScriptSyntax, UnknownAssignee.\n" +
        "  A valid file prints nothing on standard output; a one-line summary goes to standard error.\n" +
        "  Elsa 3 workflow files are converted first (see workflows convert) and their conversion problems shown too.\n" +
        "Example:\n" +
        "  $ workflows validate workflows/leave.json\n" +
        "  workflows/leave.json: review: UnknownPort: UserTask 'review' has no port 'Maybe' (ports: approve, reject)\n";

    public static Command Create()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Definition files (*.json), ours or Elsa 3 workflows, to validate.",
            Arity = ArgumentArity.OneOrMore,
        };
        var organisation = new Option<string?>("--org")
        {
            Description = "A JSON file { \"roles\": [...], \"users\": [...] } listing the organisation; " +
                "assignee roles and users not in it are reported as UnknownAssignee warnings. " +
                "Without it, assignees are not checked.",
            HelpName = "FILE",
        };
        var command = new Command("validate", "Checks workflow definition files with the engine's validator.") { files, organisation };
        command.SetAction(parsed => Run(
            parsed.GetValue(files) ?? [],
            parsed.GetValue(organisation),
            parsed.InvocationConfiguration.Output,
            parsed.InvocationConfiguration.Error));
        return command;
    }

    /// <returns>The exit code: see <see cref="ExitCodes"/>.</returns>
    public static int Run(IReadOnlyList<string> files, string? organisationFile, TextWriter output, TextWriter error)
    {
        IOrganisationDirectory? directory = null;
        if (organisationFile is not null)
        {
            try
            {
                directory = OrganisationFile.Load(organisationFile);
            }
            catch (OrganisationFileException ex)
            {
                output.WriteLine($"{organisationFile}: error: {OneLine(ex.Message)}");
                return ExitCodes.Unreadable;
            }
        }

        using var services = new ServiceCollection().AddWorkflowEngine().BuildServiceProvider();
        var validator = services.GetRequiredService<WorkflowValidator>();
        var summary = new Summary();
        foreach (var file in files)
        {
            if (!TryLoad(file, out var definition, out var conversionProblems, out var problem))
            {
                output.WriteLine($"{file}: error: {OneLine(problem)}");
                summary.Unreadable++;
                continue;
            }
            IReadOnlyList<ValidationProblem> problems;
            try
            {
                problems = definition is null ? conversionProblems : [.. conversionProblems, .. validator.Validate(definition, directory)];
            }
            catch (Exception ex)
            {
                // A validator bug must not hide the other files' results behind a stack trace.
                output.WriteLine($"{file}: error: the validator failed: {OneLine(ex.Message)}");
                summary.Unreadable++;
                continue;
            }
            foreach (var p in problems)
            {
                var severity = p.Severity == ValidationSeverity.Warning ? "warning: " : "";
                output.WriteLine($"{file}: {p.ActivityId ?? DefinitionPlaceholder}: {p.Code}: {severity}{OneLine(p.Message)}");
            }
            var errors = problems.Count(p => p.Severity == ValidationSeverity.Error);
            summary.Errors += errors;
            summary.Warnings += problems.Count - errors;
            if (errors > 0)
            {
                summary.Invalid++;
            }
            else
            {
                summary.Valid++;
            }
        }
        error.WriteLine(summary);
        return summary.Unreadable > 0 ? ExitCodes.Unreadable
            : summary.Invalid > 0 ? ExitCodes.Invalid
            : ExitCodes.Ok;
    }

    /// <param name="definition">Null when an Elsa file is refused; its reasons are then in <paramref name="conversionProblems"/>.</param>
    private static bool TryLoad(string file, out WorkflowDefinition? definition, out IReadOnlyList<ValidationProblem> conversionProblems, out string problem)
    {
        definition = null;
        conversionProblems = [];
        string json;
        if (Directory.Exists(file))
        {
            problem = "is a directory, not a definition file";
            return false;
        }
        try
        {
            json = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            problem = "file not found";
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            problem = $"cannot read the file: {ex.Message}";
            return false;
        }
        problem = "";
        if (ElsaImporter.IsElsa(json))
        {
            var conversion = ElsaImporter.Convert(json);
            definition = conversion.Definition;
            conversionProblems = conversion.Problems;
            return true;
        }
        try
        {
            definition = WorkflowDefinitionSerializer.Deserialize(json);
            return true;
        }
        catch (DefinitionFormatException ex)
        {
            problem = ex.Message;
            return false;
        }
    }

    /// <summary>Keeps the one-line-per-problem shape even when a parser's message spans lines.</summary>
    internal static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed class Summary
    {
        public int Valid { get; set; }
        public int Invalid { get; set; }
        public int Unreadable { get; set; }
        public int Errors { get; set; }
        public int Warnings { get; set; }

        public override string ToString()
        {
            var files = Valid + Invalid + Unreadable;
            var unreadable = Unreadable > 0 ? $", {Unreadable} unreadable" : "";
            return $"workflows validate: {Count(files, "file")} checked: {Valid} valid, {Invalid} invalid{unreadable}; " +
                $"{Count(Errors, "error")}, {Count(Warnings, "warning")}";
        }

        private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
    }
}
