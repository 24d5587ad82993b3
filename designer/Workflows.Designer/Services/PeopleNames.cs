namespace Workflows.Designer.Services;

/// <summary>
/// Display names for login names, role keys and department codes, so that people read 吴办事员 and 健康专家委员会办公室
/// where the engine stores <c>health-clerk</c> and <c>health-office</c>. One per circuit; the organisation is read
/// again when older than a minute.
/// </summary>
public sealed class PeopleNames(IOrganisationClient organisation, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private OrganisationView? _view;
    private DateTimeOffset _readAt;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_view is null || time.GetUtcNow() - _readAt > MaxAge)
        {
            _view = await organisation.LoadAsync(cancellationToken);
            _readAt = time.GetUtcNow();
        }
    }

    /// <summary>The person's display name; the login name when unknown (a removed account).</summary>
    public string User(string? userName) =>
        userName is null ? "" : _view?.Users.FirstOrDefault(u => u.UserName == userName) is { DisplayName.Length: > 0 } user ? user.DisplayName : userName;

    public string Users(IEnumerable<string> userNames) => string.Join("、", userNames.Select(User));

    public string Role(string role) =>
        _view?.Roles.FirstOrDefault(r => r.Name == role) is { DisplayName.Length: > 0 } found ? found.DisplayName : role;

    public string Department(string? code) =>
        code is null ? "" : _view?.Departments.FirstOrDefault(d => d.Code == code)?.Name ?? code;

    /// <summary>The person's department's name, if any.</summary>
    public string? DepartmentOf(string? userName) =>
        _view?.Users.FirstOrDefault(u => u.UserName == userName)?.Department is { } code ? Department(code) : null;
}
