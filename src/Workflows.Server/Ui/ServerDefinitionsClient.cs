using Microsoft.AspNetCore.Components.Authorization;
using Workflows.Core.Definitions;
using Workflows.Core.Organisation;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;
using Workflows.Designer.Services;
using Workflows.Persistence.Definitions;
using Workflows.Server.Audit;
using Workflows.Server.Auth;

namespace Workflows.Server.Ui;

/// <summary>
/// The designer's definitions client in Interactive Server mode: the store and validator called directly, with the
/// same rules as the REST API (writes need the designer or admin role; the store's refusals become failures). Like the
/// API's ETag, it remembers the state of each definition this circuit loaded or saved, so a save over someone else's
/// newer save is a conflict instead of a lost update.
/// </summary>
internal sealed class ServerDefinitionsClient(
    EfWorkflowDefinitionStore store, WorkflowValidator validator, IOrganisationDirectory organisation, AuthenticationStateProvider authentication,
    IAuditTrail audit)
    : IDefinitionsClient
{
    private readonly Dictionary<string, string?> _tags = [];

    public Task<IReadOnlyList<DefinitionListItem>> ListAsync(CancellationToken cancellationToken) => ListAsync(ArchivedFilter.Exclude, cancellationToken);

    public Task<IReadOnlyList<DefinitionListItem>> ListArchivedAsync(CancellationToken cancellationToken) => ListAsync(ArchivedFilter.Only, cancellationToken);

    public async Task<DesignerFailure?> SetArchivedAsync(string definitionId, bool archived, CancellationToken cancellationToken) =>
        (await WriteAsync(archived ? AuditActions.DefinitionArchive : AuditActions.DefinitionRestore, async actor =>
        {
            await (archived ? store.ArchiveAsync(definitionId, actor, cancellationToken) : store.RestoreAsync(definitionId, cancellationToken));
            return new WorkflowDefinition { DefinitionId = definitionId };
        }, definitionId, cancellationToken)).Failure;

    public async Task<DesignerFailure?> DeleteAsync(string definitionId, CancellationToken cancellationToken) =>
        (await WriteAsync(AuditActions.DefinitionDelete, async _ =>
        {
            await store.DeleteAsync(definitionId, cancellationToken);
            return new WorkflowDefinition { DefinitionId = definitionId };
        }, definitionId, cancellationToken)).Failure;

    private async Task<IReadOnlyList<DefinitionListItem>> ListAsync(ArchivedFilter filter, CancellationToken cancellationToken) =>
        (await store.ListAsync(filter, cancellationToken))
            .Select(d => new DefinitionListItem(d.DefinitionId, d.Name, d.Description, d.LatestVersion, d.PublishedVersion, d.UpdatedAt, d.ArchivedAt))
            .ToList();

    public async Task<WorkflowDefinition?> GetAsync(string definitionId, string? version, CancellationToken cancellationToken)
    {
        if (!VersionSelector.TryParse(version, out var selector))
        {
            return null;
        }
        var tag = await store.TagAsync(definitionId, cancellationToken);
        var definition = await store.GetAsync(definitionId, selector, cancellationToken);
        if (definition?.IsLatest == true)
        {
            // Read before the definition: a save in between makes the tag stale, which errs towards a conflict.
            _tags[definitionId] = tag;
        }
        return definition;
    }

    public async Task<IReadOnlyList<DefinitionVersion>> VersionsAsync(string definitionId, CancellationToken cancellationToken) =>
        (await store.ListVersionsAsync(definitionId, cancellationToken))
            .Select(v => new DefinitionVersion(v.Version, v.Name, v.IsLatest, v.IsPublished, v.UpdatedAt, v.PublishedAt, v.PublishedBy))
            .ToList();

    public Task<IReadOnlyList<DesignerProblem>> ValidateAsync(WorkflowDefinition definition, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DesignerProblem>>(validator.Validate(definition, organisation).Select(ToProblem).ToList());

    public Task<DesignerResult<WorkflowDefinition>> CreateAsync(WorkflowDefinition definition, CancellationToken cancellationToken) =>
        WriteAsync(AuditActions.DefinitionCreate, actor => store.CreateAsync(definition, actor, cancellationToken));

    public Task<DesignerResult<WorkflowDefinition>> SaveDraftAsync(WorkflowDefinition definition, CancellationToken cancellationToken) =>
        WriteAsync(AuditActions.DefinitionSave, actor => store.SaveDraftAsync(definition, actor, cancellationToken, _tags.GetValueOrDefault(definition.DefinitionId)), definition.DefinitionId, cancellationToken);

    public async Task<PublishOutcome> PublishAsync(string definitionId, CancellationToken cancellationToken)
    {
        PublishResult? published = null;
        var result = await WriteAsync(AuditActions.DefinitionPublish, async actor =>
        {
            published = await store.PublishAsync(definitionId, actor, cancellationToken);
            return published.Definition ?? new WorkflowDefinition();
        }, definitionId, cancellationToken);
        return published is null
            ? new PublishOutcome(null, [], result.Failure)
            : new PublishOutcome(published.Definition, published.Problems.Select(ToProblem).ToList());
    }

    public Task<DesignerResult<WorkflowDefinition>> RevertAsync(string definitionId, int version, CancellationToken cancellationToken) =>
        WriteAsync(AuditActions.DefinitionRevert, actor => store.RevertAsync(definitionId, version, actor, cancellationToken), definitionId, cancellationToken);

    public Task<string?> ExportAsync(string definitionId, CancellationToken cancellationToken) =>
        store.ExportAsync(definitionId, VersionSelector.Latest, cancellationToken);

    /// <summary>The designer keeps a file with problems as a draft to finish there; an unsupported Elsa file is refused.</summary>
    public Task<DesignerResult<WorkflowDefinition>> ImportAsync(string json, string? asDefinitionId, CancellationToken cancellationToken) =>
        WriteAsync(AuditActions.DefinitionImport, async actor =>
        {
            var result = await store.ImportAsync(json, asDefinitionId, actor, new ImportOptions(AsDraft: true), cancellationToken);
            return result.Definition ?? throw new WorkflowCommandException(ErrorCodes.InvalidDefinition,
                string.Join("; ", result.Problems.Where(p => p.Severity == ValidationSeverity.Error).Select(p => p.Message)));
        });

    private async Task<DesignerResult<WorkflowDefinition>> WriteAsync(
        string action, Func<string, Task<WorkflowDefinition>> write, string? definitionId = null, CancellationToken cancellationToken = default)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (!user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.Designer))
        {
            return DesignerResult<WorkflowDefinition>.Fail(FailureKind.Forbidden, "only designers and administrators change definitions");
        }
        try
        {
            var written = await write(user.UserName());
            // The designer's pages change definitions as the REST API does, and are audited the same way.
            await audit.RecordAsync(action, definitionId ?? written.DefinitionId, new { via = "ui", version = written.Version }, cancellationToken, actor: user.UserName());
            if (definitionId is not null)
            {
                _tags[definitionId] = await store.TagAsync(definitionId, cancellationToken);
            }
            return DesignerResult<WorkflowDefinition>.Ok(written);
        }
        catch (WorkflowConcurrencyException ex)
        {
            return DesignerResult<WorkflowDefinition>.Fail(FailureKind.Conflict, ex.Message);
        }
        catch (WorkflowCommandException ex)
        {
            var kind = ex.Code switch
            {
                ErrorCodes.DefinitionNotFound or DefinitionErrorCodes.VersionNotFound => FailureKind.NotFound,
                DefinitionErrorCodes.DefinitionExists or DefinitionErrorCodes.DefinitionPublished => FailureKind.Conflict,
                _ => FailureKind.Invalid,
            };
            return DesignerResult<WorkflowDefinition>.Fail(kind, ex.Message);
        }
    }

    private static DesignerProblem ToProblem(ValidationProblem p) => new(p.Code, p.ActivityId, p.Message, p.Severity == ValidationSeverity.Error);
}
