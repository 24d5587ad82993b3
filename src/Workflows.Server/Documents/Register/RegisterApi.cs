using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Workflows.Server.Auth;

namespace Workflows.Server.Documents.Register;

/// <summary>The numbering register (发文登记): /api/document-numbers, for administrators.</summary>
public static class RegisterApi
{
    public const int MaxReserved = 1000;

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

    private static async Task<Ok<IReadOnlyList<NumberSeriesDto>>> List(NumberSeriesStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<Results<Ok<NumberSeriesEntriesDto>, ProblemHttpResult>> Entries(
        string prefix, int year, NumberSeriesStore store, CancellationToken cancellationToken) =>
        await store.EntriesAsync(prefix, year, cancellationToken) is { } entries
            ? TypedResults.Ok(entries)
            : TypedResults.Problem(new ProblemDetails
            {
                Title = "NumberSeriesNotFound",
                Status = StatusCodes.Status404NotFound,
                Detail = $"the register has no series {prefix} for {year}",
            });

    private static async Task<Results<Ok<NumberSeriesDto>, ValidationProblem, ProblemHttpResult>> Save(
        string prefix, int year, SaveNumberSeriesRequest request, HttpContext http, NumberSeriesStore store, CancellationToken cancellationToken)
    {
        var errors = Validate(prefix, year, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The series is not valid");
        }
        var (saved, clash) = await store.SaveAsync(prefix, year, request.Next!.Value, request.Reserved ?? [], http.User.UserName(), cancellationToken);
        return clash is not null
            ? TypedResults.Problem(new ProblemDetails { Title = "NumberAlreadyIssued", Status = StatusCodes.Status409Conflict, Detail = clash.Message })
            : TypedResults.Ok(saved!);
    }

    internal static Dictionary<string, string[]> Validate(string prefix, int year, SaveNumberSeriesRequest request)
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
