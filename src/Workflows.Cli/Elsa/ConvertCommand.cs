using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Cli.Validation;
using Workflows.Core;
using Workflows.Core.Definitions;
using Workflows.Core.Elsa;
using Workflows.Core.Validation;

namespace Workflows.Cli.Elsa;

/// <summary><c>workflows convert FILE... [--out DIR]</c>: Elsa 3 workflow files to our definitions, checked by the validator.</summary>
public static class ConvertCommand
{
    public const string OutputSummary = "one line per file written, and per problem FILE: ACTIVITY: CODE: MESSAGE";

    public const string OutputHelp =
        "Output (standard output):\n" +
        "  FILE -> OUT                              FILE was converted and written to OUT (DIR/<definitionId>.json)\n" +
        "  FILE: ACTIVITY: CODE: MESSAGE            a problem; ElsaUnsupportedActivity and ElsaUnsupportedExpression\n" +
        "                                           refuse the file (nothing is written: never a partial conversion)\n" +
        "  FILE: error: MESSAGE                     FILE cannot be read\n" +
        "  A converted file with validation errors is still written, to finish in the designer.\n" +
        "Example:\n" +
        "  $ workflows convert exports/*.json --out workflows/\n" +
        "  exports/hello.json -> workflows/hello-world.json\n" +
        "  exports/api.json: HttpEndpoint1: ElsaUnsupportedActivity: HttpEndpoint1: Elsa.Foo: not supported\n";

    public static Command Create()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Elsa 3 workflow JSON files (Studio exports or the server's JSON).",
            Arity = ArgumentArity.OneOrMore,
        };
        var outDirectory = new Option<string?>("--out")
        {
            Description = "The folder to write the converted definitions to (created when missing); the current folder by default.",
            HelpName = "DIR",
        };
        var command = new Command("convert", "Converts Elsa 3 workflow files to Workflows definitions.") { files, outDirectory };
        command.SetAction(parsed => Run(
            parsed.GetValue(files) ?? [],
            parsed.GetValue(outDirectory) ?? ".",
            parsed.InvocationConfiguration.Output,
            parsed.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(IReadOnlyList<string> files, string outDirectory, TextWriter output, TextWriter error)
    {
        using var services = new ServiceCollection().AddWorkflowEngine().BuildServiceProvider();
        var validator = services.GetRequiredService<WorkflowValidator>();
        int converted = 0, refused = 0, invalid = 0, unreadable = 0;
        foreach (var file in files)
        {
            string json;
            try
            {
                json = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                output.WriteLine($"{file}: error: cannot read the file: {ValidateCommand.OneLine(ex.Message)}");
                unreadable++;
                continue;
            }
            if (!ElsaImporter.IsElsa(json))
            {
                output.WriteLine($"{file}: error: not an Elsa 3 workflow (no Elsa.* root or activity types); use workflows validate for our own files");
                unreadable++;
                continue;
            }
            var conversion = ElsaImporter.Convert(json);
            IReadOnlyList<ValidationProblem> problems = conversion.Definition is { } definition
                ? [.. conversion.Problems, .. validator.Validate(definition)]
                : conversion.Problems;
            foreach (var p in problems)
            {
                var severity = p.Severity == ValidationSeverity.Warning ? "warning: " : "";
                output.WriteLine($"{file}: {p.ActivityId ?? ValidateCommand.DefinitionPlaceholder}: {p.Code}: {severity}{ValidateCommand.OneLine(p.Message)}");
            }
            if (conversion.Definition is null)
            {
                refused++;
                continue;
            }
            Directory.CreateDirectory(outDirectory);
            var target = Path.Combine(outDirectory, $"{FileName(conversion.Definition.DefinitionId, file)}.json");
            File.WriteAllText(target, WorkflowDefinitionSerializer.Serialize(conversion.Definition));
            output.WriteLine($"{file} -> {target}");
            converted++;
            if (problems.Any(p => p.Severity == ValidationSeverity.Error))
            {
                invalid++;
            }
        }
        error.WriteLine($"workflows convert: {files.Count} file(s): {converted} converted ({invalid} with validation errors), {refused} refused, {unreadable} unreadable");
        return unreadable > 0 ? ExitCodes.Unreadable : refused + invalid > 0 ? ExitCodes.Invalid : ExitCodes.Ok;
    }

    /// <summary>The definition id as a file name; characters a file system refuses fall back to the source file's name.</summary>
    private static string FileName(string definitionId, string source) =>
        definitionId.Length > 0 && definitionId.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 ? definitionId : Path.GetFileNameWithoutExtension(source);
}
