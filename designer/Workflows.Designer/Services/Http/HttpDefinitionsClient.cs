using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;

namespace Workflows.Designer.Services.Http;

/// <summary>
/// The definitions client over the REST API (/api/workflow-definitions), for a designer running in the browser
/// (WebAssembly) with an <see cref="HttpClient"/> that carries the user's cookie or token. Definitions travel in the
/// definition file format (unknown properties kept). Like the server's ETag contract, it remembers the ETag of each
/// definition it loaded or saved and sends it with the next save, so a save over someone else's newer save is a
/// conflict instead of a lost update.
/// </summary>
public sealed class HttpDefinitionsClient(HttpClient http) : IDefinitionsClient
{
    private const string Root = "api/workflow-definitions";
    private readonly Dictionary<string, EntityTagHeaderValue> _tags = [];

    public async Task<IReadOnlyList<DefinitionListItem>> ListAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<DefinitionListItem>>(Root, cancellationToken) ?? [];

    public async Task<IReadOnlyList<DefinitionListItem>> ListArchivedAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<DefinitionListItem>>($"{Root}?archived=only", cancellationToken) ?? [];

    public Task<DesignerFailure?> SetArchivedAsync(string definitionId, bool archived, CancellationToken cancellationToken) =>
        CommandAsync(new HttpRequestMessage(archived ? HttpMethod.Post : HttpMethod.Delete, $"{Root}/{Uri.EscapeDataString(definitionId)}/archive"), cancellationToken);

    public Task<DesignerFailure?> DeleteAsync(string definitionId, CancellationToken cancellationToken) =>
        CommandAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Root}/{Uri.EscapeDataString(definitionId)}"), cancellationToken);

    public async Task<WorkflowDefinition?> GetAsync(string definitionId, string? version, CancellationToken cancellationToken)
    {
        var url = $"{Root}/{Uri.EscapeDataString(definitionId)}" + (version is null ? "" : $"?version={Uri.EscapeDataString(version)}");
        using var response = await http.GetAsync(url, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        var definition = await ReadDefinitionAsync(response, cancellationToken);
        if (version is null)
        {
            Remember(definitionId, response);
        }
        return definition;
    }

    public async Task<IReadOnlyList<DefinitionVersion>> VersionsAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"{Root}/{Uri.EscapeDataString(definitionId)}/versions", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<DefinitionVersion>>(cancellationToken) ?? [];
    }

    public async Task<IReadOnlyList<DesignerProblem>> ValidateAsync(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"{Root}/validate", Body(definition), cancellationToken);
        response.EnsureSuccessStatusCode();
        var report = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return Problems(report?["problems"]);
    }

    public Task<DesignerResult<WorkflowDefinition>> CreateAsync(WorkflowDefinition definition, CancellationToken cancellationToken) =>
        WriteAsync(new HttpRequestMessage(HttpMethod.Post, Root) { Content = Body(definition) }, definition.DefinitionId, cancellationToken);

    public Task<DesignerResult<WorkflowDefinition>> SaveDraftAsync(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Root}/{Uri.EscapeDataString(definition.DefinitionId)}") { Content = Body(definition) };
        if (_tags.TryGetValue(definition.DefinitionId, out var tag))
        {
            request.Headers.IfMatch.Add(tag);
        }
        return WriteAsync(request, definition.DefinitionId, cancellationToken);
    }

    public async Task<PublishOutcome> PublishAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"{Root}/{Uri.EscapeDataString(definitionId)}/publish", null, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var published = await ReadDefinitionAsync(response, cancellationToken);
            // Publishing changes the stored state, so the next save must be measured against it.
            await RefreshTagAsync(definitionId, cancellationToken);
            return new PublishOutcome(published, []);
        }
        var problem = await ApiProblem.BodyAsync(response, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest && problem?["problems"] is JsonArray problems)
        {
            return new PublishOutcome(null, Problems(problems));
        }
        return new PublishOutcome(null, [], ApiProblem.Failure(response, problem));
    }

    public Task<DesignerResult<WorkflowDefinition>> RevertAsync(string definitionId, int version, CancellationToken cancellationToken) =>
        WriteAsync(new HttpRequestMessage(HttpMethod.Post, $"{Root}/{Uri.EscapeDataString(definitionId)}/revert/{version}"), definitionId, cancellationToken);

    public async Task<string?> ExportAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"{Root}/{Uri.EscapeDataString(definitionId)}/export", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public Task<DesignerResult<WorkflowDefinition>> ImportAsync(string json, string? asDefinitionId, CancellationToken cancellationToken)
    {
        // As a draft: the designer is where a file with problems gets finished.
        var url = $"{Root}/import?asDraft=true" + (asDefinitionId is null ? "" : $"&definitionId={Uri.EscapeDataString(asDefinitionId)}");
        return WriteAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, null, cancellationToken);
    }

    private async Task<DesignerResult<WorkflowDefinition>> WriteAsync(HttpRequestMessage request, string? definitionId, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await http.SendAsync(request, cancellationToken))
        {
            if (!response.IsSuccessStatusCode)
            {
                return new DesignerResult<WorkflowDefinition>(null, ApiProblem.Failure(response, await ApiProblem.BodyAsync(response, cancellationToken)));
            }
            var written = await ReadDefinitionAsync(response, cancellationToken);
            var id = definitionId ?? written.DefinitionId;
            if (response.Headers.ETag is not null)
            {
                Remember(id, response);
            }
            else
            {
                await RefreshTagAsync(id, cancellationToken);
            }
            return DesignerResult<WorkflowDefinition>.Ok(written);
        }
    }

    private async Task<DesignerFailure?> CommandAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await http.SendAsync(request, cancellationToken))
        {
            return response.IsSuccessStatusCode ? null : ApiProblem.Failure(response, await ApiProblem.BodyAsync(response, cancellationToken));
        }
    }

    /// <summary>Writes other than a save do not answer with an ETag: read the latest version's, as a GET would.</summary>
    private async Task RefreshTagAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"{Root}/{Uri.EscapeDataString(definitionId)}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            Remember(definitionId, response);
        }
    }

    private void Remember(string definitionId, HttpResponseMessage response)
    {
        if (response.Headers.ETag is { } tag)
        {
            _tags[definitionId] = tag;
        }
    }

    private static StringContent Body(WorkflowDefinition definition) =>
        new(WorkflowDefinitionSerializer.Serialize(definition), Encoding.UTF8, "application/json");

    private static async Task<WorkflowDefinition> ReadDefinitionAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        WorkflowDefinitionSerializer.Deserialize(await response.Content.ReadAsStringAsync(cancellationToken));

    private static List<DesignerProblem> Problems(JsonNode? problems) =>
        [.. (problems as JsonArray ?? []).OfType<JsonObject>().Select(p => new DesignerProblem(
            p["code"]?.ToString() ?? "",
            p["activityId"]?.ToString(),
            p["message"]?.ToString() ?? "",
            p["severity"]?.ToString() == "error"))];
}
