using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Archive;
using Workflows.Server.Auth;
using Workflows.Server.Instances;
using Workflows.Server.Ledgers;

namespace Workflows.Server.Archive;

/// <summary>归档: file a finished matter and download its package; for administrators and the district office.</summary>
public static class ArchiveApi
{
    public static RouteGroupBuilder MapArchiveApi(this IEndpointRouteBuilder app)
    {
        var archive = app.MapGroup("/api/workflow-instances/{instanceId}/archive").WithTags("Archive")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, LedgersApi.OfficeRole));
        archive.MapPost("/", Archive).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Archive a finished matter: it leaves the default lists (archived=include|only finds it)");
        archive.MapGet("/", Download).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The archived matter as a .zip: manifest.json, documents (.docx and HTML), attachments, journal.json");
        return archive;
    }

    private static async Task<Results<Ok<ArchiveInfo>, ProblemHttpResult>> Archive(
        string instanceId, HttpContext http, InstanceAccess access, WorkflowsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var instance = await access.FindAsync(http.User, instanceId, cancellationToken);
        if (instance is null)
        {
            return NotFound(instanceId);
        }
        if (instance.Status is WorkflowStatus.Running or WorkflowStatus.Faulted)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Title = "MatterNotFinished",
                Status = StatusCodes.Status409Conflict,
                Detail = $"matter '{instanceId}' is {instance.Status}; only a finished matter can be archived",
            });
        }
        var record = await db.Set<MatterArchiveRecord>().FirstOrDefaultAsync(a => a.InstanceId == instanceId, cancellationToken);
        if (record is null)
        {
            record = new MatterArchiveRecord { InstanceId = instanceId, ArchivedAt = time.GetUtcNow(), ArchivedBy = http.User.UserName() };
            db.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Archived by someone else at the same moment: theirs stands.
                db.ChangeTracker.Clear();
                record = await db.Set<MatterArchiveRecord>().AsNoTracking().FirstAsync(a => a.InstanceId == instanceId, cancellationToken);
            }
        }
        return TypedResults.Ok(new ArchiveInfo(instanceId, record.ArchivedAt, record.ArchivedBy, $"/api/workflow-instances/{instanceId}/archive"));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Download(
        string instanceId, HttpContext http, InstanceAccess access, WorkflowsDbContext db, ArchivePackage package, CancellationToken cancellationToken)
    {
        var record = await access.FindAsync(http.User, instanceId, cancellationToken) is null
            ? null
            : await db.Set<MatterArchiveRecord>().AsNoTracking().FirstOrDefaultAsync(a => a.InstanceId == instanceId, cancellationToken);
        return record is null
            ? NotFound(instanceId)
            : TypedResults.File(await package.BuildAsync(record, cancellationToken), ArchivePackage.ContentType, $"归档-{instanceId}.zip");
    }

    private static ProblemHttpResult NotFound(string instanceId) => TypedResults.Problem(new ProblemDetails
    {
        Title = "ArchiveNotFound",
        Status = StatusCodes.Status404NotFound,
        Detail = $"no archived matter '{instanceId}' that you may see",
    });
}

/// <summary>An archived matter and where its package is downloaded.</summary>
public sealed record ArchiveInfo(string InstanceId, DateTimeOffset ArchivedAt, string ArchivedBy, string PackageUrl);
