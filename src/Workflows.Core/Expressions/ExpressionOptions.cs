namespace Workflows.Core.Expressions;

/// <summary>Sandbox limits for JavaScript; a breach faults the activity, never the process.</summary>
public sealed class ExpressionOptions
{
    public TimeSpan JavaScriptTimeout { get; set; } = TimeSpan.FromSeconds(1);
    public int JavaScriptMaxStatements { get; set; } = 100_000;
    public long JavaScriptMemoryLimitBytes { get; set; } = 16 * 1024 * 1024;
    public int JavaScriptMaxRecursion { get; set; } = 64;

    /// <summary>
    /// The longest string a script may build with one call (repeat, padStart, padEnd, join, replace): the memory limit
    /// is checked between statements, so one call could otherwise allocate gigabytes before it is.
    /// </summary>
    public int JavaScriptMaxStringLength { get; set; } = 1_000_000;

    public uint JavaScriptMaxArrayLength { get; set; } = 100_000;
}
