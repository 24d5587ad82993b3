using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence.Attachments;
using Workflows.Persistence.Audit;
using Workflows.Persistence.Changes;
using Workflows.Persistence.Definitions;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Organisation;
using Workflows.Persistence.Calendar;
using Workflows.Persistence.Tasks;
using Workflows.Persistence.Timers;
using Workflows.Persistence.Triggers;
using Workflows.Persistence.Email;

namespace Workflows.Persistence;

/// <summary>
/// The one database: definition versions, instances with their bookmarks, journal and outbox, attachments, the
/// organisation and ASP.NET Core Identity. It is abstract because each provider keeps its own migrations in a
/// derived context (<c>Database/Sqlite</c>, <c>Database/SqlServer</c>, <c>Database/PostgreSql</c>); everything
/// else only ever sees this type, through <see cref="IDbContextFactory{WorkflowsDbContext}"/>.
/// </summary>
/// <remarks>
/// After changing the model, add the migration for every provider, from the repository root:
/// <code>
/// dotnet tool restore
/// dotnet ef migrations add NAME -p src/Workflows.Persistence -c SqliteWorkflowsDbContext -o Migrations/Sqlite
/// dotnet ef migrations add NAME -p src/Workflows.Persistence -c SqlServerWorkflowsDbContext -o Migrations/SqlServer
/// dotnet ef migrations add NAME -p src/Workflows.Persistence -c PostgreSqlWorkflowsDbContext -o Migrations/PostgreSql
/// </code>
/// The design-time factories beside each provider context need no database for this.
/// </remarks>
public abstract class WorkflowsDbContext(DbContextOptions options)
    : IdentityDbContext<WorkflowUser, WorkflowRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<DefinitionVersionRecord> DefinitionVersions => Set<DefinitionVersionRecord>();
    public DbSet<DefinitionArchiveRecord> DefinitionArchives => Set<DefinitionArchiveRecord>();
    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();
    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();
    public DbSet<JournalRecord> Journal => Set<JournalRecord>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<TaskRecord> Tasks => Set<TaskRecord>();
    public DbSet<TaskParticipantRecord> TaskParticipants => Set<TaskParticipantRecord>();
    public DbSet<CcItemRecord> CcItems => Set<CcItemRecord>();
    public DbSet<CalendarYearRecord> CalendarYears => Set<CalendarYearRecord>();
    public DbSet<TimerRecord> Timers => Set<TimerRecord>();
    public DbSet<EmailTemplateRecord> EmailTemplates => Set<EmailTemplateRecord>();
    public DbSet<AuditRecord> Audit => Set<AuditRecord>();
    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();
    /// <summary>Doorbells between nodes for the polling backplane (<see cref="PollingChangeBackplane"/>).</summary>
    public DbSet<ChangeRecord> ChangeFeed => Set<ChangeRecord>();
    /// <summary>The UI cookie and antiforgery keys, shared by every node and kept across restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    internal abstract InstanceVersionToken InstanceVersion { get; }

    /// <summary>
    /// Whether a burst's rows are written by <see cref="BurstWriter"/>, which needs <c>RETURNING</c>, rather
    /// than by SaveChanges.
    /// </summary>
    internal virtual bool WritesBurstsWithReturning => true;

    /// <summary>Whether those rows go to the database as one command (one round trip) rather than one per statement.</summary>
    internal virtual bool SendsBurstAsOneCommand => true;

    /// <summary>Whether the database refused a duplicate key: someone else inserted the same row first.</summary>
    internal abstract bool IsUniqueViolation(DbUpdateException exception);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(WorkflowsDbContext).Assembly);
        InstanceVersion.Configure(builder.Entity<InstanceRecord>());
    }
}
