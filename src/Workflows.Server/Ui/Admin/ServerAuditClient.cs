using Workflows.Designer.Services;
using Workflows.Persistence;
using Workflows.Persistence.Audit;
using Workflows.Server.Audit;

namespace Workflows.Server.Ui.Admin;

/// <summary>The audit page's reads, through the same filter and paging as <c>GET /api/audit</c>.</summary>
internal sealed class ServerAuditClient(AdminCircuit circuit) : IAuditClient
{
    private const int PageSize = 50;

    public Task<AuditSearchResult> SearchAsync(DateTimeOffset? from, DateTimeOffset? to, string? user, string? action, int page, CancellationToken cancellationToken) =>
        circuit.RunAsync(async (sp, _) =>
        {
            var (rows, total, _) = await AuditApi.PageAsync(
                AuditApi.Filter(sp.GetRequiredService<WorkflowsDbContext>(), from, to, user, action), page, PageSize, cancellationToken);
            return new AuditSearchResult([.. rows.Select(r => new AuditEntryView(r.Sequence, r.At, r.Actor, r.Address, r.Action, r.Target, r.Details))], total, PageSize);
        });

    public Task<AuditChainCheck> VerifyAsync(CancellationToken cancellationToken) => circuit.RunAsync(async (sp, _) =>
    {
        var result = await sp.GetRequiredService<AuditLog>().VerifyAsync(cancellationToken);
        return new AuditChainCheck(result.Checked, result.BrokenAt, result.Reason);
    });
}
