namespace Workflows.Server.Organisation;

public enum ChangeStatus
{
    Done,
    Invalid,
    Conflict,
    NotFound,
}

/// <summary>
/// What became of a change to the organisation: done (with the result), refused with errors per field, a conflict
/// with what exists, or nothing to change. The REST handlers and the UI both read it.
/// </summary>
public sealed record OrganisationChange<T>(ChangeStatus Status, T? Value, IReadOnlyDictionary<string, string[]> Errors, string? Detail)
{
    private static readonly Dictionary<string, string[]> None = [];

    public static OrganisationChange<T> Done(T value) => new(ChangeStatus.Done, value, None, null);

    public static OrganisationChange<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(ChangeStatus.Invalid, default, errors, null);

    public static OrganisationChange<T> Invalid(string field, string error) => Invalid(new Dictionary<string, string[]> { [field] = [error] });

    public static OrganisationChange<T> Conflict(string detail) => new(ChangeStatus.Conflict, default, None, detail);

    public static OrganisationChange<T> NotFound(string detail) => new(ChangeStatus.NotFound, default, None, detail);
}
