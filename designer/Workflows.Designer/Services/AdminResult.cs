namespace Workflows.Designer.Services;

/// <summary>
/// What became of an administrator's change: done, or refused with the server's reason (<see cref="Problem"/>) and
/// its messages per field (<see cref="Errors"/>), shown as the server wrote them.
/// </summary>
public sealed record AdminResult(bool Succeeded, string? Problem, IReadOnlyDictionary<string, string[]> Errors)
{
    private static readonly Dictionary<string, string[]> NoErrors = [];

    public static AdminResult Done { get; } = new(true, null, NoErrors);

    public static AdminResult Failed(string problem) => new(false, problem, NoErrors);

    public static AdminResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(false, null, errors);

    /// <summary>Every message on its own line, each field's prefixed with the field's name.</summary>
    public IEnumerable<string> Messages =>
        [.. Problem is null ? [] : new[] { Problem }, .. Errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}"))];
}
