using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Audit;
using Workflows.Server.Auth;

namespace Workflows.Server.Audit;

public sealed record AuditItem(long Sequence, DateTimeOffset At, string Actor, string? Address, string Action, string? Target, string? Details);

public sealed record AuditPage(IReadOnlyList<AuditItem> Items, int Total, int Page, int PageSize);

/// <summary>The security audit log (安全审计), for administrators: search, export, verify. There is no way to change a record.</summary>
public static class AuditApi
{
    private const int MaxPageSize = 500;

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.Admin);
        api.MapGet("/", Search).ProducesValidationProblem()
            .WithSummary("Audit records, newest first, filtered by time (from, to: ISO 8601), user and action (a prefix such as 'org.')");
        api.MapGet("/export", Export)
            .WithSummary("The same records as CSV (UTF-8), oldest first, for archiving");
        api.MapGet("/verify", Verify)
            .WithSummary("Recompute the hash chain: how many records were checked and the first broken one, if any");
        return api;
    }

    private static async Task<Ok<AuditPage>> Search(
        DateTimeOffset? from, DateTimeOffset? to, string? user, string? action, int? page, int? pageSize,
        WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize ?? 50, 1, MaxPageSize);
        var (rows, total, number) = await PageAsync(Filter(db, from, to, user, action), page ?? 1, size, cancellationToken);
        return TypedResults.Ok(new AuditPage([.. rows.Select(ToItem)], total, number, size));
    }

    /// <summary>
    /// One page of <paramref name="query"/>, newest first, with how many records it holds and the page number served
    /// (for the API and the audit page alike): a page far beyond the last is an empty page, not an offset too large to count.
    /// </summary>
    internal static async Task<(List<AuditRecord> Rows, int Total, int Page)> PageAsync(
        IQueryable<AuditRecord> query, int page, int size, CancellationToken cancellationToken)
    {
        var number = Math.Clamp(page, 1, int.MaxValue / size);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.Sequence).Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        return (rows, total, number);
    }

    private static async Task<FileContentHttpResult> Export(
        DateTimeOffset? from, DateTimeOffset? to, string? user, string? action, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var csv = new StringBuilder("sequence,at,actor,address,action,target,details,previousHash,hash\n");
        await foreach (var row in Filter(db, from, to, user, action).OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.AppendJoin(',', row.Sequence.ToString(CultureInfo.InvariantCulture), row.At.ToString("O", CultureInfo.InvariantCulture),
                Quote(row.Actor), Quote(row.Address), Quote(row.Action), Quote(row.Target), Quote(row.Details), row.PreviousHash, row.Hash).Append('\n');
        }
        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv", "audit.csv");
    }

    private static async Task<Ok<AuditVerification>> Verify(AuditLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(await log.VerifyAsync(cancellationToken));

    internal static IQueryable<AuditRecord> Filter(WorkflowsDbContext db, DateTimeOffset? from, DateTimeOffset? to, string? user, string? action)
    {
        var query = db.Audit.AsNoTracking();
        if (from is { } start)
        {
            query = query.Where(a => a.At >= start);
        }
        if (to is { } end)
        {
            query = query.Where(a => a.At <= end);
        }
        if (!string.IsNullOrWhiteSpace(user))
        {
            query = query.Where(a => a.Actor == user || a.Target == user);
        }
        if (!string.IsNullOrWhiteSpace(action))
        {
            query = query.Where(a => a.Action.StartsWith(action));
        }
        return query;
    }

    public static AuditItem ToItem(AuditRecord row) => new(row.Sequence, row.At, row.Actor, row.Address, row.Action, row.Target, row.Details);

    /// <summary>CSV quoting, and a leading =, +, - or @ defused so a spreadsheet does not run it as a formula.</summary>
    private static string Quote(string? value)
    {
        if (value is null)
        {
            return "";
        }
        var text = value.Length > 0 && "=+-@".Contains(value[0]) ? "'" + value : value;
        return $"\"{text.Replace("\"", "\"\"")}\"";
    }
}
