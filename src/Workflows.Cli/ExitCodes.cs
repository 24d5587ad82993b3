namespace Workflows.Cli;

/// <summary>The exit codes every <c>workflows</c> command uses.</summary>
public static class ExitCodes
{
    /// <summary>Every file is valid (warnings allowed).</summary>
    public const int Ok = 0;

    /// <summary>At least one definition has validation errors.</summary>
    public const int Invalid = 1;

    /// <summary>A file could not be read, is not a definition in JSON or could not be checked; or the command line is wrong.</summary>
    public const int Unreadable = 2;

    public const string Help =
        "Exit codes:\n" +
        "  0  every file is valid (warnings alone do not make a file invalid)\n" +
        "  1  at least one file has validation errors\n" +
        "  2  a file could not be read or is not a JSON workflow definition (or could not be checked),\n" +
        "     or the command line is wrong";
}
