using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Documents;
using Workflows.Persistence.Documents.Register;
using Workflows.Server.Auth;

namespace Workflows.Server.Documents.Register;

/// <summary>The numbering register (发文登记): /api/document-numbers, for administrators.</summary>
public static class RegisterApi
{
    private const int MaxReserved = 1000;

    public static RouteGroupBuilder MapDocumentRegisterApi(this IEndpointRouteBuilder app)
    {
        var register = app.MapGroup("/api/document-numbers").WithTags("Documents").RequireAuthorization(Policies.Admin);
        register.MapGet("/", List).WithSummary("Every numbering series (issuing code and year) with its next and reserved numbers");
        register.MapGet("/{prefix}/{year:int}", Entries).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A series and which document took each of its numbers (voided documents keep theirs)");
        register.MapPut("/{prefix}/{year:int}", Save).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Set where a series continues and which numbers it skips; a next at or below an issued number is refused naming it");
        return register;
    }

    private static async Task<Ok<IReadOnlyList<NumberSeriesDto>>> List(WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Set<DocumentNumberSeriesRecord>().AsNoTracking().ToListAsync(cancellationToken);
        var issued = await db.Set<GeneratedDocumentRecord>().AsNoTracking().Where(d => d.Sequence != null)
            .GroupBy(d => new { d.NumberPrefix, d.Year })
            .Select(g => new { g.Key.NumberPrefix, g.Key.Year, Count = g.Count(), Highest = g.Max(d => d.Sequence) })
            .ToListAsync(cancellationToken);
        var keys = rows.Select(r => (Prefix: r.Prefix, r.Year)).Union(issued.Select(i => (Prefix: i.NumberPrefix, Year: i.Year!.Value)));
        return TypedResults.Ok<IReadOnlyList<NumberSeriesDto>>([.. keys.OrderBy(k => k.Prefix, StringComparer.Ordinal).ThenByDescending(k => k.Year).Select(k =>
        {
            var row = rows.FirstOrDefault(r => r.Prefix == k.Prefix && r.Year == k.Year);
            var used = issued.FirstOrDefault(i => i.NumberPrefix == k.Prefix && i.Year == k.Year);
            return new NumberSeriesDto(k.Prefix, k.Year, row?.Next ?? 1 + (used?.Highest ?? 0), row?.ReservedNumbers ?? [], used?.Count ?? 0, row?.UpdatedAt, row?.UpdatedBy);
        })]);
    }

    private static async Task<Results<Ok<NumberSeriesEntriesDto>, ProblemHttpResult>> Entries(
        string prefix, int year, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.Set<DocumentNumberSeriesRecord>().AsNoTracking().FirstOrDefaultAsync(s => s.Prefix == prefix && s.Year == year, cancellationToken);
        var documents = await db.Set<GeneratedDocumentRecord>().AsNoTracking()
            .Where(d => d.NumberPrefix == prefix && d.Year == year && d.Sequence != null).ToListAsync(cancellationToken);
        if (row is null && documents.Count == 0)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Title = "NumberSeriesNotFound",
                Status = StatusCodes.Status404NotFound,
                Detail = $"the register has no series {prefix} for {year}",
            });
        }
        var highest = documents.Count == 0 ? 0 : documents.Max(d => d.Sequence!.Value);
        var series = new NumberSeriesDto(prefix, year, row?.Next ?? highest + 1, row?.ReservedNumbers ?? [], documents.Count, row?.UpdatedAt, row?.UpdatedBy);
        return TypedResults.Ok(new NumberSeriesEntriesDto(series, [.. documents.OrderBy(d => d.Sequence).Select(d => new RegisterEntryDto(
            d.Sequence!.Value, d.Number, d.Id, d.InstanceId, d.Title, d.TemplateKey, d.State, d.Publicity, d.SignedBy, d.SignedAt,
            d.VoidedAt, d.VoidedBy, d.VoidReason))]));
    }

    private static async Task<Results<Ok<NumberSeriesDto>, ValidationProblem, ProblemHttpResult>> Save(
        string prefix, int year, SaveNumberSeriesRequest request, HttpContext http, WorkflowsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(prefix, year, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The series is not valid");
        }
        var reserved = (request.Reserved ?? []).Distinct().Order().ToList();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locks the series as numbering does, so no number is taken between the check below and the save.
        await DocumentRegister.TakeAsync(db, prefix, year, now, cancellationToken);
        var row = db.Set<DocumentNumberSeriesRecord>().Local.Single(s => s.Prefix == prefix && s.Year == year);
        var clash = await db.Set<GeneratedDocumentRecord>().AsNoTracking()
            .Where(d => d.NumberPrefix == prefix && d.Year == year && d.Sequence != null && (d.Sequence >= request.Next || reserved.Contains(d.Sequence.Value)))
            .OrderBy(d => d.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (clash is not null)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Title = "NumberAlreadyIssued",
                Status = StatusCodes.Status409Conflict,
                Detail = clash.Sequence >= request.Next
                    ? $"{clash.Number} is already issued ({clash.Title}); next must be above {clash.Sequence}"
                    : $"{clash.Number} is already issued ({clash.Title}) and cannot be reserved",
            });
        }
        (row.Next, row.Reserved, row.UpdatedAt, row.UpdatedBy) = (request.Next!.Value, string.Join(",", reserved), now, http.User.UserName());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new NumberSeriesDto(prefix, year, row.Next, reserved, await db.Set<GeneratedDocumentRecord>()
            .CountAsync(d => d.NumberPrefix == prefix && d.Year == year && d.Sequence != null, cancellationToken), now, row.UpdatedBy));
    }

    private static Dictionary<string, string[]> Validate(string prefix, int year, SaveNumberSeriesRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(prefix) || prefix.Length > 64)
        {
            errors["prefix"] = ["the issuing code must be 1 to 64 characters"];
        }
        if (year is < 2000 or > 9999)
        {
            errors["year"] = ["the year must be between 2000 and 9999"];
        }
        if (request.Next is not (>= 1 and <= 1_000_000))
        {
            errors["next"] = ["next is required, a whole number from 1 to 1000000"];
        }
        if (request.Reserved is { } reserved && (reserved.Count > MaxReserved || reserved.Any(n => n is < 1 or > 1_000_000)))
        {
            errors["reserved"] = [$"reserved numbers are whole numbers from 1 to 1000000, at most {MaxReserved}"];
        }
        return errors;
    }
}
