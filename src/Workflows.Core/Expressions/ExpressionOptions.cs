namespace Workflows.Core.Expressions;

/// <summary>Sandbox limits for JavaScript; a breach faults the activity, never the process.</summary>
public sealed class ExpressionOptions
{
    public TimeSpan JavaScriptTimeout { get; set; } = TimeSpan.FromSeconds(1);
    public int JavaScriptMaxStatements { get; set; } = 100_000;
    public long JavaScriptMemoryLimitBytes { get; set; } = 16 * 1024 * 1024;
    public int JavaScriptMaxRecursion { get; set; } = 64;
}
