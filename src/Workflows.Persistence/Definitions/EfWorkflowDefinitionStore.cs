using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Definitions;
using Workflows.Core.Elsa;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;

namespace Workflows.Persistence.Definitions;

/// <summary>
/// Versioned definitions on EF Core: the engine's <see cref="IWorkflowDefinitionSource"/> and the operations behind
/// the definitions API. Editing a published definition creates a draft (the next version, unpublished); saving a
/// draft again updates it; publishing validates the draft and makes it the version new instances start on, while
/// running instances stay on theirs. Refused commands throw <see cref="WorkflowCommandException"/> with an
/// <see cref="ErrorCodes"/> or <see cref="DefinitionErrorCodes"/> code; a lost race throws
/// <see cref="WorkflowConcurrencyException"/>; in both cases nothing was saved.
/// </summary>
public sealed class EfWorkflowDefinitionStore(
    IDbContextFactory<WorkflowsDbContext> contexts, WorkflowValidator validator, TimeProvider time, IEnumerable<IPublicationListener> listeners)
    : IWorkflowDefinitionSource
{
    // A version that has been published never changes, so every burst on it can share one parsed object.
    private readonly ConcurrentDictionary<(string DefinitionId, int Version), WorkflowDefinition> _published = new();

    /// <summary>
    /// For the engine: version <paramref name="version"/> if it has ever been published, or the current published
    /// version when null. The object is shared by every caller and must not be changed; its IsLatest and
    /// IsPublished are left unset because they change as newer versions appear.
    /// </summary>
    public async Task<WorkflowDefinition?> FindAsync(string definitionId, int? version, CancellationToken cancellationToken)
    {
        if (version is { } asked && _published.TryGetValue((definitionId, asked), out var known))
        {
            return known;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Without a version the caller wants to start a matter, which an archived definition no longer does.
        var number = version ?? await db.DefinitionVersions
            .Where(d => d.DefinitionId == definitionId && d.IsPublished && !db.DefinitionArchives.Any(a => a.DefinitionId == definitionId))
            .Select(d => (int?)d.Version).FirstOrDefaultAsync(cancellationToken);
        if (number is not { } n)
        {
            return null;
        }
        if (_published.TryGetValue((definitionId, n), out var cached))
        {
            return cached;
        }
        var row = await db.DefinitionVersions.AsNoTracking()
            .FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Version == n && d.PublishedAt != null, cancellationToken);
        if (row is null)
        {
            return null;
        }
        var definition = DefinitionJson.FromRow(row);
        definition.IsLatest = null;
        definition.IsPublished = null;
        return _published.GetOrAdd((definitionId, n), definition);
    }

    /// <summary>Every definition that is not archived, with its latest and published version numbers, ordered by id.</summary>
    public Task<IReadOnlyList<DefinitionSummary>> ListAsync(CancellationToken cancellationToken) =>
        ListAsync(ArchivedFilter.Exclude, cancellationToken);

    /// <summary>The definitions <paramref name="filter"/> selects, with their latest and published version numbers, ordered by id.</summary>
    public async Task<IReadOnlyList<DefinitionSummary>> ListAsync(ArchivedFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = db.DefinitionVersions.AsNoTracking().Where(d => d.IsLatest);
        latest = filter switch
        {
            ArchivedFilter.Exclude => latest.Where(d => !db.DefinitionArchives.Any(a => a.DefinitionId == d.DefinitionId)),
            ArchivedFilter.Only => latest.Where(d => db.DefinitionArchives.Any(a => a.DefinitionId == d.DefinitionId)),
            _ => latest,
        };
        return await latest
            .OrderBy(d => d.DefinitionId)
            .Select(d => new DefinitionSummary(d.DefinitionId, d.Name, d.Description, d.Version,
                db.DefinitionVersions.Where(p => p.DefinitionId == d.DefinitionId && p.IsPublished).Select(p => (int?)p.Version).FirstOrDefault(),
                d.UpdatedAt,
                db.DefinitionArchives.Where(a => a.DefinitionId == d.DefinitionId).Select(a => (DateTimeOffset?)a.ArchivedAt).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Archives a definition: it leaves the list and can no longer be started; matters running on it go on, and its
    /// versions stay readable. Archiving an archived definition changes nothing.
    /// </summary>
    /// <exception cref="WorkflowCommandException"><see cref="ErrorCodes.DefinitionNotFound"/>.</exception>
    public async Task ArchiveAsync(string definitionId, string? actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await LatestAsync(db, definitionId, cancellationToken);
        if (await db.DefinitionArchives.AnyAsync(a => a.DefinitionId == definitionId, cancellationToken))
        {
            return;
        }
        db.DefinitionArchives.Add(new DefinitionArchiveRecord { DefinitionId = definitionId, ArchivedAt = time.GetUtcNow(), ArchivedBy = actor });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (db.IsUniqueViolation(ex))
        {
            // Someone archived it a moment ago: what was asked for is so.
        }
    }

    /// <summary>Brings an archived definition back to the list and to starting; restoring one that is not archived changes nothing.</summary>
    /// <exception cref="WorkflowCommandException"><see cref="ErrorCodes.DefinitionNotFound"/>.</exception>
    public async Task RestoreAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await LatestAsync(db, definitionId, cancellationToken);
        await db.DefinitionArchives.Where(a => a.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Whether the definition is archived.</summary>
    public async Task<bool> IsArchivedAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DefinitionArchives.AnyAsync(a => a.DefinitionId == definitionId, cancellationToken);
    }

    /// <summary>
    /// Deletes a definition that was never published, every version of it: nothing can have run on it. A definition
    /// that has been published keeps its versions for its matters' history and can only be archived.
    /// </summary>
    /// <exception cref="WorkflowCommandException"><see cref="ErrorCodes.DefinitionNotFound"/>, <see cref="DefinitionErrorCodes.DefinitionPublished"/>.</exception>
    public async Task DeleteAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.DefinitionVersions.Where(d => d.DefinitionId == definitionId).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            throw new WorkflowCommandException(ErrorCodes.DefinitionNotFound, $"no workflow definition '{definitionId}'");
        }
        if (rows.Any(r => r.PublishedAt is not null))
        {
            throw new WorkflowCommandException(DefinitionErrorCodes.DefinitionPublished,
                $"definition '{definitionId}' has been published and matters may have run on it: archive it instead");
        }
        db.DefinitionVersions.RemoveRange(rows);
        await db.DefinitionArchives.Where(a => a.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
        // A publish racing the delete bumps the row's Revision, so the delete fails as a conflict instead of removing a published version.
        await SaveAsync(db, definitionId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The selected version with its version fields set (a fresh object), or null when there is none.</summary>
    public async Task<WorkflowDefinition?> GetAsync(string definitionId, VersionSelector selector, CancellationToken cancellationToken)
    {
        var row = await FindRowAsync(definitionId, selector, cancellationToken);
        return row is null ? null : DefinitionJson.FromRow(row);
    }

    /// <summary>The selected version's JSON, without server-set version fields, ready to import elsewhere; null when there is none.</summary>
    public async Task<string?> ExportAsync(string definitionId, VersionSelector selector, CancellationToken cancellationToken) =>
        (await FindRowAsync(definitionId, selector, cancellationToken))?.Json;

    /// <summary>The version history, newest first; empty when the definition does not exist.</summary>
    public async Task<IReadOnlyList<DefinitionVersionInfo>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DefinitionVersions.AsNoTracking()
            .Where(d => d.DefinitionId == definitionId)
            .OrderByDescending(d => d.Version)
            .Select(d => new DefinitionVersionInfo(d.Version, d.Name, d.IsLatest, d.IsPublished, d.CreatedAt, d.CreatedBy, d.UpdatedAt, d.PublishedAt, d.PublishedBy))
            .ToListAsync(cancellationToken);
    }

    /// <summary>A new definition, as draft version 1.</summary>
    /// <exception cref="WorkflowCommandException"><see cref="DefinitionErrorCodes.InvalidDefinitionId"/>, <see cref="DefinitionErrorCodes.DefinitionExists"/>.</exception>
    public async Task<WorkflowDefinition> CreateAsync(WorkflowDefinition definition, string? actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = NewRow(definition, 1, actor);
        // Asked first so the usual refusal is not a failed INSERT, which EF logs as an error with its stack trace;
        // the unique key below still decides a race between two creates.
        if (await db.DefinitionVersions.AnyAsync(d => d.DefinitionId == definition.DefinitionId, cancellationToken))
        {
            throw new WorkflowCommandException(DefinitionErrorCodes.DefinitionExists, $"a definition '{definition.DefinitionId}' already exists");
        }
        db.DefinitionVersions.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (db.IsUniqueViolation(ex))
        {
            // Only a never-published definition is deleted, whole, so any existing definition has a version 1 to collide with.
            throw new WorkflowCommandException(DefinitionErrorCodes.DefinitionExists, $"a definition '{definition.DefinitionId}' already exists");
        }
        return DefinitionJson.FromRow(row);
    }

    /// <summary>
    /// Saves <paramref name="definition"/> as the draft of the definition it names: the draft is updated in place,
    /// or, when the latest version is published, the next version is created as the draft. A definition that
    /// carries a version number must carry the latest one, so an edit of an older version never overwrites newer work.
    /// </summary>
    /// <exception cref="WorkflowCommandException"><see cref="ErrorCodes.DefinitionNotFound"/>.</exception>
    /// <exception cref="WorkflowConcurrencyException">The edited version is not the latest, or another save won the race.</exception>
    /// <param name="expectedTag">The <see cref="TagAsync"/> the editor loaded; when given and no longer current, nothing is saved.</param>
    public async Task<WorkflowDefinition> SaveDraftAsync(WorkflowDefinition definition, string? actor, CancellationToken cancellationToken, string? expectedTag = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await LatestAsync(db, definition.DefinitionId, cancellationToken);
        if (definition.Version is { } edited && edited != latest.Version)
        {
            throw new WorkflowConcurrencyException(
                $"definition '{definition.DefinitionId}' version {edited} is no longer the latest (version {latest.Version} is); reload it and edit again");
        }
        if (expectedTag is not null && expectedTag != Tag(latest))
        {
            throw new WorkflowConcurrencyException(
                $"definition '{definition.DefinitionId}' was saved by someone else since you loaded it; reload it and edit again");
        }
        var draft = WriteDraft(db, latest, definition, actor);
        await SaveAsync(db, definition.DefinitionId, cancellationToken);
        return DefinitionJson.FromRow(draft);
    }

    /// <summary>
    /// Validates the latest version and, when it has no errors, publishes it; the previously published version
    /// stays for the instances running on it. Publishing what is already published changes nothing.
    /// </summary>
    /// <exception cref="WorkflowCommandException"><see cref="ErrorCodes.DefinitionNotFound"/>.</exception>
    /// <exception cref="WorkflowConcurrencyException">The draft changed meanwhile.</exception>
    public async Task<PublishResult> PublishAsync(string definitionId, string? actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await LatestAsync(db, definitionId, cancellationToken);
        var definition = DefinitionJson.FromRow(latest);
        if (latest.IsPublished)
        {
            return new PublishResult(definition, []);
        }
        var problems = validator.Validate(definition);
        if (problems.Any(IsError))
        {
            return new PublishResult(null, problems);
        }
        foreach (var previous in await db.DefinitionVersions.Where(d => d.DefinitionId == definitionId && d.IsPublished).ToListAsync(cancellationToken))
        {
            previous.IsPublished = false;
            previous.Revision++;
        }
        latest.IsPublished = true;
        latest.PublishedAt = time.GetUtcNow();
        latest.PublishedBy = actor;
        latest.Revision++;
        await SaveAsync(db, definitionId, cancellationToken);
        definition.IsPublished = true;
        await PublicationChangedAsync(definitionId, cancellationToken);
        return new PublishResult(definition, problems);
    }

    /// <summary>
    /// Takes the published version out of use: no new instance starts on it (running ones go on), and its start
    /// trigger stops. False when nothing was published.
    /// </summary>
    /// <exception cref="WorkflowCommandException"><see cref="ErrorCodes.DefinitionNotFound"/>.</exception>
    /// <exception cref="WorkflowConcurrencyException">The definition changed meanwhile.</exception>
    public async Task<bool> UnpublishAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await LatestAsync(db, definitionId, cancellationToken);
        var published = await db.DefinitionVersions.Where(d => d.DefinitionId == definitionId && d.IsPublished).ToListAsync(cancellationToken);
        foreach (var row in published)
        {
            row.IsPublished = false;
            row.Revision++;
        }
        if (published.Count == 0)
        {
            return false;
        }
        await SaveAsync(db, definitionId, cancellationToken);
        await PublicationChangedAsync(definitionId, cancellationToken);
        return true;
    }

    /// <summary>Every published version (the ones new instances start on), ordered by id.</summary>
    public async Task<IReadOnlyList<WorkflowDefinition>> ListPublishedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DefinitionVersions.AsNoTracking().Where(d => d.IsPublished).OrderBy(d => d.DefinitionId).ToListAsync(cancellationToken);
        return [.. rows.Select(DefinitionJson.FromRow)];
    }

    private async Task PublicationChangedAsync(string definitionId, CancellationToken cancellationToken)
    {
        foreach (var listener in listeners)
        {
            await listener.PublicationChangedAsync(definitionId, cancellationToken);
        }
    }

    /// <summary>Makes a copy of version <paramref name="version"/> the draft, to edit or publish again.</summary>
    /// <exception cref="WorkflowCommandException"><see cref="ErrorCodes.DefinitionNotFound"/>, <see cref="DefinitionErrorCodes.VersionNotFound"/>.</exception>
    /// <exception cref="WorkflowConcurrencyException">The draft changed meanwhile.</exception>
    public async Task<WorkflowDefinition> RevertAsync(string definitionId, int version, string? actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await LatestAsync(db, definitionId, cancellationToken);
        var source = await db.DefinitionVersions.AsNoTracking()
            .FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Version == version, cancellationToken)
            ?? throw new WorkflowCommandException(DefinitionErrorCodes.VersionNotFound, $"definition '{definitionId}' has no version {version}");
        var draft = WriteDraft(db, latest, WorkflowDefinitionSerializer.Deserialize(source.Json), actor);
        await SaveAsync(db, definitionId, cancellationToken);
        return DefinitionJson.FromRow(draft);
    }

    /// <summary>
    /// Imports definition JSON, ours or Elsa 3's (converted first), as the draft of the definition it names (created
    /// when new) or, given <paramref name="asDefinitionId"/>, as a new definition under that id. A file that does not
    /// validate is refused with its problems unless <see cref="ImportOptions.AsDraft"/>; an Elsa file with an
    /// unsupported activity is always refused, never imported in part. Over an existing definition the import
    /// becomes the next version; a draft newer than the last published version is only replaced with
    /// <see cref="ImportOptions.Overwrite"/>. Version fields in the JSON are ignored.
    /// </summary>
    /// <exception cref="WorkflowCommandException"><see cref="ErrorCodes.InvalidDefinition"/> (not a definition),
    /// <see cref="DefinitionErrorCodes.InvalidDefinitionId"/>, <see cref="DefinitionErrorCodes.DefinitionExists"/>,
    /// <see cref="DefinitionErrorCodes.DraftExists"/>.</exception>
    /// <exception cref="WorkflowConcurrencyException">The draft changed meanwhile.</exception>
    public async Task<ImportResult> ImportAsync(string json, string? asDefinitionId, string? actor, ImportOptions options, CancellationToken cancellationToken)
    {
        List<ValidationProblem> problems = [];
        WorkflowDefinition definition;
        if (ElsaImporter.IsElsa(json))
        {
            var conversion = ElsaImporter.Convert(json, asDefinitionId);
            if (conversion.Definition is null)
            {
                return new ImportResult(null, conversion.Problems, Refused: true);
            }
            definition = conversion.Definition;
            problems.AddRange(conversion.Problems);
        }
        else
        {
            try
            {
                definition = WorkflowDefinitionSerializer.Deserialize(json);
            }
            catch (DefinitionFormatException ex)
            {
                throw new WorkflowCommandException(ErrorCodes.InvalidDefinition, ex.Message);
            }
        }
        definition.Version = null;
        if (asDefinitionId is not null)
        {
            definition.DefinitionId = asDefinitionId;
        }
        problems.AddRange(validator.Validate(definition));
        if (problems.Any(IsError) && !options.AsDraft)
        {
            return new ImportResult(null, problems, Refused: false);
        }
        if (asDefinitionId is not null || !await ExistsAsync(definition.DefinitionId, cancellationToken))
        {
            return new ImportResult(await CreateAsync(definition, actor, cancellationToken), problems, Refused: false);
        }
        var tag = await TagAsync(definition.DefinitionId, cancellationToken);
        var latest = await GetAsync(definition.DefinitionId, VersionSelector.Latest, cancellationToken);
        if (latest is { IsPublished: false } draft && !options.Overwrite)
        {
            throw new WorkflowCommandException(DefinitionErrorCodes.DraftExists,
                $"definition '{definition.DefinitionId}' has an unpublished draft (version {draft.Version}) that the import would overwrite; " +
                "publish or discard it first, or import with overwrite=true");
        }
        // The tag makes a draft saved between the check and the save a conflict instead of a silent overwrite.
        return new ImportResult(await SaveDraftAsync(definition, actor, cancellationToken, tag), problems, Refused: false);
    }

    /// <summary>
    /// The start-up import of <c>*.json</c> in <paramref name="path"/> (not recursive, in file-name order): a
    /// definition not yet in the database becomes version 1, published when it has no validation errors and a draft
    /// otherwise. A definition already in the database is never touched, so an administrator's edits survive
    /// restarts. A missing folder imports nothing.
    /// </summary>
    public async Task<DirectoryImportReport> ImportDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        List<ImportedDefinition> imported = [];
        List<string> existing = [];
        List<ImportFailure> failed = [];
        IEnumerable<string> files = Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal) : [];
        foreach (var file in files)
        {
            var outcome = await ImportFileAsync(file, cancellationToken);
            if (outcome.Imported is { } added)
            {
                imported.Add(added);
            }
            if (outcome.Existing is { } skipped)
            {
                existing.Add(skipped);
            }
            if (outcome.Failure is { } failure)
            {
                failed.Add(failure);
            }
        }
        return new DirectoryImportReport(imported, existing, failed);
    }

    /// <returns>Exactly one of: the definition imported, the id of one that already exists, the reason the file failed.</returns>
    private async Task<(ImportedDefinition? Imported, string? Existing, ImportFailure? Failure)> ImportFileAsync(
        string file, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file);
        try
        {
            var definition = WorkflowDefinitionSerializer.Deserialize(await File.ReadAllTextAsync(file, cancellationToken));
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await db.DefinitionVersions.AnyAsync(d => d.DefinitionId == definition.DefinitionId, cancellationToken))
            {
                return (null, definition.DefinitionId, null);
            }
            var problems = validator.Validate(definition);
            var row = NewRow(definition, 1, actor: null);
            if (!problems.Any(IsError))
            {
                row.IsPublished = true;
                row.PublishedAt = row.CreatedAt;
            }
            db.DefinitionVersions.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (db.IsUniqueViolation(ex))
            {
                // Another server imported it a moment ago.
                return (null, definition.DefinitionId, null);
            }
            if (row.IsPublished)
            {
                await PublicationChangedAsync(row.DefinitionId, cancellationToken);
            }
            return (new ImportedDefinition(row.DefinitionId, name, row.IsPublished, problems), null, null);
        }
        catch (Exception ex) when (ex is DefinitionFormatException or WorkflowCommandException or IOException)
        {
            return (null, null, new ImportFailure(name, ex.Message));
        }
    }

    private async Task<DefinitionVersionRecord?> FindRowAsync(string definitionId, VersionSelector selector, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.DefinitionVersions.AsNoTracking().Where(d => d.DefinitionId == definitionId);
        rows = selector.Number is { } number ? rows.Where(d => d.Version == number)
            : selector.IsPublished ? rows.Where(d => d.IsPublished)
            : rows.Where(d => d.IsLatest);
        return await rows.FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<bool> ExistsAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DefinitionVersions.AnyAsync(d => d.DefinitionId == definitionId, cancellationToken);
    }

    /// <summary>
    /// An opaque tag of the latest version's state (an HTTP ETag): it changes with every save, so an editor that
    /// sends back the tag it loaded cannot overwrite a save it has not seen.
    /// </summary>
    public async Task<string?> TagAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.DefinitionVersions.AsNoTracking().FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsLatest, cancellationToken);
        return latest is null ? null : Tag(latest);
    }

    private static string Tag(DefinitionVersionRecord row) => $"\"{row.Version}.{row.Revision}\"";

    private static async Task<DefinitionVersionRecord> LatestAsync(WorkflowsDbContext db, string definitionId, CancellationToken cancellationToken) =>
        await db.DefinitionVersions.FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsLatest, cancellationToken)
        ?? throw new WorkflowCommandException(ErrorCodes.DefinitionNotFound, $"no workflow definition '{definitionId}'");

    /// <summary>Edits the draft in place, or, when the latest version is published, adds the next version as the draft.</summary>
    private DefinitionVersionRecord WriteDraft(WorkflowsDbContext db, DefinitionVersionRecord latest, WorkflowDefinition definition, string? actor)
    {
        if (!latest.IsPublished)
        {
            CheckName(definition);
            latest.Name = definition.Name;
            latest.Description = definition.Description;
            latest.Json = DefinitionJson.ToStored(definition);
            latest.UpdatedAt = time.GetUtcNow();
            latest.Revision++;
            return latest;
        }
        latest.IsLatest = false;
        latest.Revision++;
        var draft = NewRow(definition, latest.Version + 1, actor);
        db.DefinitionVersions.Add(draft);
        return draft;
    }

    private DefinitionVersionRecord NewRow(WorkflowDefinition definition, int version, string? actor)
    {
        if (string.IsNullOrWhiteSpace(definition.DefinitionId) || definition.DefinitionId.Length > Lengths.Id)
        {
            throw new WorkflowCommandException(DefinitionErrorCodes.InvalidDefinitionId,
                $"a definitionId must be 1 to {Lengths.Id} characters, not '{definition.DefinitionId}'");
        }
        // Only a new definition is held to the rule: one stored before it stays editable, archivable and deletable.
        if (version == 1 && !DefinitionIds.IsValid(definition.DefinitionId))
        {
            throw new WorkflowCommandException(DefinitionErrorCodes.InvalidDefinitionId,
                $"definitionId '{definition.DefinitionId}' is not allowed: use {DefinitionIds.Rule}");
        }
        CheckName(definition);
        var now = time.GetUtcNow();
        return new DefinitionVersionRecord
        {
            DefinitionId = definition.DefinitionId,
            Version = version,
            Name = definition.Name,
            Description = definition.Description,
            IsLatest = true,
            Json = DefinitionJson.ToStored(definition),
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
        };
    }

    private static void CheckName(WorkflowDefinition definition)
    {
        if (definition.Name.Length > Lengths.Text)
        {
            throw new WorkflowCommandException(ErrorCodes.InvalidDefinition, $"a definition name has at most {Lengths.Text} characters");
        }
    }

    private static async Task SaveAsync(WorkflowsDbContext db, string definitionId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || db.IsUniqueViolation(ex))
        {
            throw new WorkflowConcurrencyException($"definition '{definitionId}' was changed by someone else meanwhile; nothing was saved");
        }
    }

    private static bool IsError(ValidationProblem problem) => problem.Severity == ValidationSeverity.Error;
}
