using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Ledgers;

/// <summary>台账: /api/ledgers/{definitionId}, for administrators and the district office (role gov-office).</summary>
public static class LedgersApi
{
    public const string OfficeRole = "gov-office";
    public const string Xlsx = "xlsx";

    public static RouteGroupBuilder MapLedgersApi(this IEndpointRouteBuilder app)
    {
        var ledgers = app.MapGroup("/api/ledgers").WithTags("Ledgers")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, OfficeRole));
        ledgers.MapGet("/{definitionId}", Get).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("A procedure's ledger of the matters started from..to (YYYY-MM-DD, both included) as JSON rows with totals, or with format=xlsx as a spreadsheet");
        return ledgers;
    }

    private static async Task<Results<Ok<LedgerDto>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Get(
        string definitionId, string? from, string? to, string? format, WorkflowsDbContext db, LedgerBuilder builder,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var start = ParseDate(from, "from", errors);
        var end = ParseDate(to, "to", errors);
        if (start > end)
        {
            errors["to"] = ["to must not be before from"];
        }
        if (format is not (null or "" or "json" or Xlsx))
        {
            errors["format"] = ["format is json (the default) or xlsx"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The period is not valid");
        }
        var name = await db.DefinitionVersions.Where(d => d.DefinitionId == definitionId && d.IsLatest).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Title = "DefinitionNotFound",
                Status = StatusCodes.Status404NotFound,
                Detail = $"there is no procedure '{definitionId}'",
            });
        }
        var ledger = await builder.BuildAsync(definitionId, name, start, end, cancellationToken);
        if (format != Xlsx)
        {
            return TypedResults.Ok(ledger);
        }
        var fileName = $"{ledger.Title}{(start is null && end is null ? "" : $"（{from}至{to}）")}.xlsx";
        return TypedResults.File(await LedgerSpreadsheet.WriteAsync(ledger, cancellationToken), LedgerSpreadsheet.ContentType, fileName);
    }

    private static DateOnly? ParseDate(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors[name] = [$"{name} must be a date YYYY-MM-DD"];
        return null;
    }
}
