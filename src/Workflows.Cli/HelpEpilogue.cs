using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Workflows.Cli;

/// <summary>
/// The standard help, followed by extra sections (output format, exit codes) for the commands that have them.
/// Kept out of the descriptions so the root's command list stays one line per command.
/// </summary>
public sealed class HelpEpilogue(HelpAction standard) : SynchronousCommandLineAction
{
    private readonly Dictionary<Command, string> _epilogues = [];

    public override bool ClearsParseErrors => true;

    /// <summary>Replaces the root's (recursive) help option action so every command's help gets its epilogue.</summary>
    public static HelpEpilogue Install(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        var action = new HelpEpilogue((HelpAction)option.Action!);
        option.Action = action;
        return action;
    }

    public HelpEpilogue Add(Command command, string text)
    {
        _epilogues[command] = text;
        return this;
    }

    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = standard.Invoke(parseResult);
        if (_epilogues.TryGetValue(parseResult.CommandResult.Command, out var text))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(text.TrimEnd());
            output.WriteLine();
        }
        return exitCode;
    }
}
