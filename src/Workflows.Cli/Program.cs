using System.CommandLine;
using Workflows.Cli.Audit;
using Workflows.Cli.Elsa;
using Workflows.Cli.Layout;
using Workflows.Cli.Seeding;
using Workflows.Cli.Validation;

namespace Workflows.Cli;

/// <summary>The <c>workflows</c> command line: one subcommand per feature folder.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line in-process, writing to the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var validate = ValidateCommand.Create();
        var layout = LayoutCommand.Create();
        var convert = ConvertCommand.Create();
        var audit = AuditCommand.Create(out var auditVerify);
        var seed = SeedCommand.Create();
        var root = new RootCommand("Tools for Workflows: definition files (JSON, Elsa-3-shaped), the security audit log and realistic test data.") { validate, convert, layout, audit, seed };
        HelpEpilogue.Install(root)
            .Add(root, $"Output:\n  validate  {ValidateCommand.OutputSummary}\n  convert   {ConvertCommand.OutputSummary}\n  layout    {LayoutCommand.OutputSummary}\n  audit     {AuditCommand.OutputSummary}\n  seed      {SeedCommand.OutputSummary}\n\n{ExitCodes.Help}")
            .Add(validate, $"{ValidateCommand.OutputHelp}\n{ExitCodes.Help}")
            .Add(convert, $"{ConvertCommand.OutputHelp}\n{ExitCodes.Help}")
            .Add(layout, LayoutCommand.OutputHelp)
            .Add(auditVerify, AuditCommand.VerifyHelp)
            .Add(seed, SeedCommand.OutputHelp);

        var parsed = root.Parse(args);
        var exitCode = parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
        // A wrong command line is a usage error (2), never to be confused with "a definition is invalid" (1).
        return parsed.Errors.Count > 0 ? ExitCodes.Unreadable : exitCode;
    }
}
