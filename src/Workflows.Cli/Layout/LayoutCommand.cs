using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core;
using Workflows.Core.Definitions;
using Workflows.Core.Layout;

namespace Workflows.Cli.Layout;

/// <summary><c>workflows layout FILE...</c>: lays definition files out as the designer's 自动排列 does, in place.</summary>
public static class LayoutCommand
{
    public const string OutputSummary = "one line per file laid out, FILE: N steps, M connections routed";

    public const string OutputHelp =
        "Rewrites each FILE with every step's metadata.designer.position and every connection's vertices from the\n" +
        "layered (Sugiyama) layout of Microsoft Automatic Graph Layout: top-down from Start, connections routed around\n" +
        "the steps. The designer's 自动排列 button does the same to the open definition.\n" +
        "Output (standard output): FILE: N steps, M connections routed; FILE: error: MESSAGE when FILE cannot be read.\n";

    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Definition files (*.json) to lay out in place.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("layout", "Lays workflow definition files out (positions and connection routes), in place.") { files };
        command.SetAction(parsed => Run(parsed.GetValue(files) ?? [], parsed.InvocationConfiguration.Output));
        return command;
    }

    public static int Run(IReadOnlyList<string> files, TextWriter output)
    {
        using var services = new ServiceCollection().AddWorkflowEngine().BuildServiceProvider();
        var layout = services.GetRequiredService<WorkflowLayout>();
        var exitCode = ExitCodes.Ok;
        foreach (var file in files)
        {
            try
            {
                var definition = WorkflowDefinitionSerializer.Deserialize(File.ReadAllText(file));
                var result = layout.Apply(definition);
                File.WriteAllText(file, WorkflowDefinitionSerializer.Serialize(definition) + Environment.NewLine);
                output.WriteLine($"{file}: {result.Positions.Count} steps, {result.Routes.Count} connections routed");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DefinitionFormatException)
            {
                output.WriteLine($"{file}: error: {ex.Message.ReplaceLineEndings(" ")}");
                exitCode = ExitCodes.Unreadable;
            }
        }
        return exitCode;
    }
}
