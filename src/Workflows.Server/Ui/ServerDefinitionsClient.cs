using Microsoft.AspNetCore.Components.Authorization;
using Workflows.Core.Definitions;
using Workflows.Core.Organisation;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;
using Workflows.Designer.Services;
using Workflows.Persistence.Definitions;
using Workflows.Server.Auth;

namespace Workflows.Server.Ui;

/// <summary>
/// The designer's definitions client in Interactive Server mode: the store and validator called directly, with the
/// same rules as the REST API (writes need the designer or admin role; the store's refusals become failures).
/// </summary>
internal sealed class ServerDefinitionsClient(
    EfWorkflowDefinitionStore store, WorkflowValidator validator, IOrganisationDirectory organisation, AuthenticationStateProvider authentication)
    : IDefinitionsClient
{
    public async Task<IReadOnlyList<DefinitionListItem>> ListAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken))
            .Select(d => new DefinitionListItem(d.DefinitionId, d.Name, d.Description, d.LatestVersion, d.PublishedVersion, d.UpdatedAt))
            .ToList();

    public async Task<WorkflowDefinition?> GetAsync(string definitionId, string? version, CancellationToken cancellationToken) =>
        VersionSelector.TryParse(version, out var selector) ? await store.GetAsync(definitionId, selector, cancellationToken) : null;

    public async Task<IReadOnlyList<DefinitionVersion>> VersionsAsync(string definitionId, CancellationToken cancellationToken) =>
        (await store.ListVersionsAsync(definitionId, cancellationToken))
            .Select(v => new DefinitionVersion(v.Version, v.Name, v.IsLatest, v.IsPublished, v.UpdatedAt, v.PublishedAt, v.PublishedBy))
            .ToList();

    public Task<IReadOnlyList<DesignerProblem>> ValidateAsync(WorkflowDefinition definition, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DesignerProblem>>(validator.Validate(definition, organisation).Select(ToProblem).ToList());

    public Task<DesignerResult<WorkflowDefinition>> CreateAsync(WorkflowDefinition definition, CancellationToken cancellationToken) =>
        WriteAsync(actor => store.CreateAsync(definition, actor, cancellationToken));

    public Task<DesignerResult<WorkflowDefinition>> SaveDraftAsync(WorkflowDefinition definition, CancellationToken cancellationToken) =>
        WriteAsync(actor => store.SaveDraftAsync(definition, actor, cancellationToken));

    public async Task<PublishOutcome> PublishAsync(string definitionId, CancellationToken cancellationToken)
    {
        PublishResult? published = null;
        var result = await WriteAsync(async actor =>
        {
            published = await store.PublishAsync(definitionId, actor, cancellationToken);
            return published.Definition ?? new WorkflowDefinition();
        });
        return published is null
            ? new PublishOutcome(null, [], result.Failure)
            : new PublishOutcome(published.Definition, published.Problems.Select(ToProblem).ToList());
    }

    public Task<DesignerResult<WorkflowDefinition>> RevertAsync(string definitionId, int version, CancellationToken cancellationToken) =>
        WriteAsync(actor => store.RevertAsync(definitionId, version, actor, cancellationToken));

    public Task<string?> ExportAsync(string definitionId, CancellationToken cancellationToken) =>
        store.ExportAsync(definitionId, VersionSelector.Latest, cancellationToken);

    public Task<DesignerResult<WorkflowDefinition>> ImportAsync(string json, string? asDefinitionId, CancellationToken cancellationToken) =>
        WriteAsync(actor => store.ImportAsync(json, asDefinitionId, actor, cancellationToken));

    private async Task<DesignerResult<WorkflowDefinition>> WriteAsync(Func<string, Task<WorkflowDefinition>> write)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (!user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.Designer))
        {
            return DesignerResult<WorkflowDefinition>.Fail(FailureKind.Forbidden, "only designers and administrators change definitions");
        }
        try
        {
            return DesignerResult<WorkflowDefinition>.Ok(await write(user.UserName()));
        }
        catch (WorkflowConcurrencyException ex)
        {
            return DesignerResult<WorkflowDefinition>.Fail(FailureKind.Conflict, ex.Message);
        }
        catch (WorkflowCommandException ex)
        {
            var kind = ex.Code is ErrorCodes.DefinitionNotFound or DefinitionErrorCodes.VersionNotFound ? FailureKind.NotFound : FailureKind.Invalid;
            return DesignerResult<WorkflowDefinition>.Fail(kind, ex.Message);
        }
    }

    private static DesignerProblem ToProblem(ValidationProblem p) => new(p.Code, p.ActivityId, p.Message, p.Severity == ValidationSeverity.Error);
}
