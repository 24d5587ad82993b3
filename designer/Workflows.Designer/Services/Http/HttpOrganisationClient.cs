using System.Net.Http.Json;

namespace Workflows.Designer.Services.Http;

/// <summary>The organisation over GET /api/org/users|roles|departments, for a designer running in the browser (WebAssembly).</summary>
public sealed class HttpOrganisationClient(HttpClient http) : IOrganisationClient
{
    public async Task<OrganisationView> LoadAsync(CancellationToken cancellationToken)
    {
        var users = await http.GetFromJsonAsync<List<OrgUser>>("api/org/users", cancellationToken) ?? [];
        var roles = await http.GetFromJsonAsync<List<OrgRole>>("api/org/roles", cancellationToken) ?? [];
        var departments = await http.GetFromJsonAsync<List<OrgDepartment>>("api/org/departments", cancellationToken) ?? [];
        return new OrganisationView(users, roles, departments);
    }
}
