using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Workflows.Core.Calendar;
using Workflows.Server.Auth;
using Workflows.Server.Audit;

namespace Workflows.Server.Calendar;

public sealed record WorkingDayAnswer(DateOnly Date, bool Provisional);

public sealed record CalendarYearSaved(CalendarYear Year, int InstancesRecomputed);

public static class CalendarApi
{
    public static RouteGroupBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/calendar").WithTags("Calendar");
        api.MapGet("/add-working-days", AddWorkingDays)
            .WithSummary("from + N working days (the start day is not counted); provisional when a year without data was crossed");
        api.MapGet("/years/{year:int}", GetYear).WithSummary("A year's statutory holidays and make-up working days");
        api.MapPut("/years/{year:int}", PutYear).RequireAuthorization(Policies.Admin).Audited(AuditActions.CalendarUpdate, "year")
            .WithSummary("Add or replace a year (the State Council's notice comes out each November); provisional due dates are recomputed");
        return api;
    }

    private static Results<Ok<WorkingDayAnswer>, ValidationProblem> AddWorkingDays(
        string? from, int? days, StatutoryCalendar calendar, ILoggerFactory loggers)
    {
        var errors = new Dictionary<string, string[]>();
        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            errors["from"] = [$"'{from}' is not a date YYYY-MM-DD"];
        }
        if (days is not (>= 0 and <= 3650))
        {
            errors["days"] = ["days must be a whole number from 0 to 3650"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = calendar.AddWorkingDays(start, days!.Value);
        if (result.Provisional)
        {
            loggers.CreateLogger(typeof(CalendarApi)).LogWarning(
                "{From} + {Days} working days = {Date} is provisional: no calendar data for a year it crosses (Monday–Friday assumed)", start, days, result.Date);
        }
        return TypedResults.Ok(new WorkingDayAnswer(result.Date, result.Provisional));
    }

    private static async Task<Results<Ok<CalendarYear>, ProblemHttpResult>> GetYear(int year, CalendarStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(year, cancellationToken) is { } data
            ? TypedResults.Ok(data)
            : TypedResults.Problem(new ProblemDetails
            {
                Title = "NoCalendarData",
                Status = StatusCodes.Status404NotFound,
                Detail = $"no statutory calendar for {year}: its dates are counted Monday–Friday and marked provisional until an administrator adds it",
                Extensions = { ["provisional"] = true },
            });

    private static async Task<Results<Ok<CalendarYearSaved>, ValidationProblem>> PutYear(
        int year, CalendarYear body, HttpContext http, CalendarStore store, CancellationToken cancellationToken)
    {
        var data = body with { Year = year };
        var problems = data.FindProblems();
        if (body.Year != 0 && body.Year != year)
        {
            problems = [.. problems, $"the body is for {body.Year} but the address names {year}"];
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = [.. problems] });
        }
        var recomputed = await store.SaveAsync(data, http.User.UserName(), cancellationToken);
        return TypedResults.Ok(new CalendarYearSaved(data, recomputed));
    }
}
