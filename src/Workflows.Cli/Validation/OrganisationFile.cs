using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Organisation;
using Workflows.Core.Validation;

namespace Workflows.Cli.Validation;

/// <summary>The organisation read from a JSON file <c>{ "roles": [...], "users": [...] }</c>, for assignee warnings.</summary>
public sealed class OrganisationFile(IEnumerable<string> roles, IEnumerable<string> users) : IOrganisationDirectory
{
    private readonly HashSet<string> _roles = new(roles, StringComparer.Ordinal);
    private readonly HashSet<string> _users = new(users, StringComparer.Ordinal);

    public bool RoleExists(string role) => _roles.Contains(role);

    public bool UserExists(string userName) => _users.Contains(userName);

    // The file names roles and users only: enough for validation, which never asks who holds a role.
    public IReadOnlyList<string> UsersInRole(string role) => [];

    public IReadOnlyList<string> UsersInDepartment(string department) => [];

    public string? SupervisorOf(string userName) => null;

    public string? DepartmentOf(string userName) => null;

    // Departments are not in the file: a department an assignment names is taken on trust.
    public bool DepartmentExists(string department) => true;

    public string? ParentOf(string department) => null;

    /// <exception cref="OrganisationFileException">The file cannot be read or does not have that shape.</exception>
    public static OrganisationFile Load(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new OrganisationFileException("file not found", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new OrganisationFileException($"cannot read the file: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new OrganisationFileException(
                $"not valid JSON at line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}", ex);
        }
        if (root is not JsonObject organisation)
        {
            throw new OrganisationFileException("an organisation file is an object { \"roles\": [...], \"users\": [...] }");
        }
        return new OrganisationFile(Names(organisation, "roles"), Names(organisation, "users"));
    }

    private static IEnumerable<string> Names(JsonObject organisation, string property) => organisation[property] switch
    {
        null => [],
        JsonArray names when names.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String) =>
            names.Select(n => n!.GetValue<string>()).ToList(),
        _ => throw new OrganisationFileException($"'{property}' must be an array of names"),
    };
}

/// <summary>The organisation file cannot be read or does not have the expected shape.</summary>
public sealed class OrganisationFileException(string message, Exception? inner = null) : Exception(message, inner);
