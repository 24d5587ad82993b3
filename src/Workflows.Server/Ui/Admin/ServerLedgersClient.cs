using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Workflows.Designer.Services;
using Workflows.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Ledgers;

namespace Workflows.Server.Ui.Admin;

/// <summary>The ledger page, through the same builder as /api/ledgers; for administrators and the district office.</summary>
internal sealed class ServerLedgersClient(UserCircuit circuit) : ILedgersClient
{
    public Task<IReadOnlyList<LedgerProcedureView>> ProceduresAsync(CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        Refuse(user);
        var latest = await sp.GetRequiredService<WorkflowsDbContext>().DefinitionVersions.AsNoTracking().Where(d => d.IsLatest)
            .Select(d => new { d.DefinitionId, d.Name }).ToListAsync(cancellationToken);
        return (IReadOnlyList<LedgerProcedureView>)[.. latest
            .OrderBy(d => ShippedLedgers.ByDefinition.ContainsKey(d.DefinitionId) ? 0 : 1).ThenBy(d => d.DefinitionId, StringComparer.Ordinal)
            .Select(d => new LedgerProcedureView(d.DefinitionId, d.Name))];
    });

    public Task<LedgerView> BuildAsync(string definitionId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        Refuse(user);
        var name = await sp.GetRequiredService<WorkflowsDbContext>().DefinitionVersions.AsNoTracking()
            .Where(d => d.DefinitionId == definitionId && d.IsLatest).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken) ?? definitionId;
        var ledger = await sp.GetRequiredService<LedgerBuilder>().BuildAsync(definitionId, name, from, to, cancellationToken);
        return new LedgerView(ledger.Title, [.. ledger.Columns.Select(c => c.Header)],
            [.. ledger.Rows.Select(r => (IReadOnlyList<string>)[.. ledger.Columns.Select(c => Convert.ToString(r[c.Key], CultureInfo.InvariantCulture) ?? "")])],
            [.. ledger.Totals.Groups.Select(g => new LedgerTotalView(g.Value, g.Matters))], ledger.Totals.Matters);
    });

    private static void Refuse(System.Security.Claims.ClaimsPrincipal user)
    {
        if (!user.IsAdmin() && !user.IsInRole(LedgersApi.OfficeRole))
        {
            throw new UnauthorizedAccessException("ledgers are for administrators and the district office");
        }
    }
}
