using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Workflows.Persistence;
using Workflows.Persistence.Tasks;

namespace Workflows.Server.Tasks;

/// <summary>A person's participant row as an open list orders it.</summary>
internal sealed class InboxEntry
{
    public string TaskId { get; init; } = "";
    public DateTimeOffset DueOrder { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A participant key through which open work reaches a person (see <see cref="WorkReach"/>).</summary>
internal readonly record struct OpenKey(ParticipantKind Kind, string Value);

/// <summary>
/// The page of an open list (<see cref="TaskInbox.Mine"/>, <see cref="TaskInbox.Candidate"/>) and its count, compiled
/// once per database model (kept with the inbox's other compiled queries), for a person reached through at most <see cref="Keys"/> participant keys. Built per
/// request, the query's tree was parameterised and looked up in EF's cache on every list, a fifth of an offered list's
/// CPU. A compiled query takes scalar parameters only and a fixed number of them, so a person's keys are passed as
/// <see cref="Keys"/> (kind, value) pairs, the unused ones a key no row has: each is one index probe that finds nothing,
/// and everyone's offered list is the same statement.
/// </summary>
internal sealed class OpenPageQueries
{
    /// <summary>The most keys a compiled list takes (a compiled query takes at most 15 parameters).</summary>
    public const int Keys = 6;

    // A kind no participant row is written with (stored as its name, this one is "-1"): even a signer named "", which an
    // assignment to an empty string would give, is not found by it.
    private static readonly OpenKey Unused = new((ParticipantKind)(-1), "");

    private readonly Func<WorkflowsDbContext, ParticipantKind, string, int, int, IAsyncEnumerable<TaskRecord>> _onePage;
    private readonly Func<WorkflowsDbContext, ParticipantKind, string, CancellationToken, Task<int>> _oneCount;
    private readonly Func<WorkflowsDbContext, ParticipantKind, string, ParticipantKind, string, ParticipantKind, string, ParticipantKind, string,
        ParticipantKind, string, ParticipantKind, string, int, int, int, IAsyncEnumerable<TaskRecord>> _mergedPage;
    private readonly Func<WorkflowsDbContext, ParticipantKind, string, ParticipantKind, string, ParticipantKind, string, ParticipantKind, string,
        ParticipantKind, string, ParticipantKind, string, CancellationToken, Task<int>> _mergedCount;

    public OpenPageQueries()
    {
        var db = Expression.Parameter(typeof(WorkflowsDbContext), "db");
        var (skip, take, first) = (Expression.Parameter(typeof(int), "skip"), Expression.Parameter(typeof(int), "take"), Expression.Parameter(typeof(int), "first"));
        var cancellation = Expression.Parameter(typeof(CancellationToken), "cancellationToken");
        var keys = Enumerable.Range(1, Keys)
            .Select(i => (Kind: Expression.Parameter(typeof(ParticipantKind), $"kind{i}"), Value: Expression.Parameter(typeof(string), $"value{i}")))
            .ToList();
        var keyParameters = keys.SelectMany(k => new[] { k.Kind, k.Value }).ToList();
        Expression EntriesOf((ParameterExpression Kind, ParameterExpression Value) key) => Inline(EntriesTemplate, db, key.Kind, key.Value);

        _onePage = EF.CompileAsyncQuery(Expression.Lambda<Func<WorkflowsDbContext, ParticipantKind, string, int, int, IQueryable<TaskRecord>>>(
            Inline(PageTemplate, db, EntriesOf(keys[0]), skip, take), db, keys[0].Kind, keys[0].Value, skip, take));
        _oneCount = EF.CompileAsyncQuery(Expression.Lambda<Func<WorkflowsDbContext, ParticipantKind, string, CancellationToken, int>>(
            Call(nameof(Queryable.Count), typeof(InboxEntry), EntriesOf(keys[0])), db, keys[0].Kind, keys[0].Value, cancellation));

        // A task offered through two of the person's keys is listed once: each key's range gives the rows the page can
        // need, in order, and the merge drops the repeats.
        var merged = Call(nameof(Queryable.Distinct), typeof(InboxEntry),
            keys.Select(key => Inline(FirstRowsTemplate, EntriesOf(key), first)).Aggregate((all, next) => Call(nameof(Queryable.Concat), typeof(InboxEntry), all, next)));
        _mergedPage = EF.CompileAsyncQuery(Expression.Lambda<Func<WorkflowsDbContext, ParticipantKind, string, ParticipantKind, string, ParticipantKind, string,
            ParticipantKind, string, ParticipantKind, string, ParticipantKind, string, int, int, int, IQueryable<TaskRecord>>>(
            Inline(PageTemplate, db, merged, skip, take), [db, .. keyParameters, first, skip, take]));
        var tasks = keys.Select(key => Inline(TaskIdsTemplate, EntriesOf(key))).Aggregate((all, next) => Call(nameof(Queryable.Concat), typeof(string), all, next));
        _mergedCount = EF.CompileAsyncQuery(Expression.Lambda<Func<WorkflowsDbContext, ParticipantKind, string, ParticipantKind, string, ParticipantKind, string,
            ParticipantKind, string, ParticipantKind, string, ParticipantKind, string, CancellationToken, int>>(
            Call(nameof(Queryable.Count), typeof(string), Call(nameof(Queryable.Distinct), typeof(string), tasks)), [db, .. keyParameters, cancellation]));
    }

    /// <summary>The page's tasks, most urgent first.</summary>
    public async Task<List<TaskRecord>> PageAsync(WorkflowsDbContext db, IReadOnlyList<OpenKey> keys, int page, int pageSize, CancellationToken cancellationToken)
    {
        var skip = (page - 1) * pageSize;
        if (keys.Count == 1)
        {
            return await _onePage(db, keys[0].Kind, keys[0].Value, skip, pageSize).ToListAsync(cancellationToken);
        }
        var k = Padded(keys);
        return await _mergedPage(db, k[0].Kind, k[0].Value, k[1].Kind, k[1].Value, k[2].Kind, k[2].Value, k[3].Kind, k[3].Value,
            k[4].Kind, k[4].Value, k[5].Kind, k[5].Value, page * pageSize, skip, pageSize).ToListAsync(cancellationToken);
    }

    /// <summary>How many tasks the keys reach, each once.</summary>
    public Task<int> CountAsync(WorkflowsDbContext db, IReadOnlyList<OpenKey> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 1)
        {
            return _oneCount(db, keys[0].Kind, keys[0].Value, cancellationToken);
        }
        var k = Padded(keys);
        return _mergedCount(db, k[0].Kind, k[0].Value, k[1].Kind, k[1].Value, k[2].Kind, k[2].Value, k[3].Kind, k[3].Value,
            k[4].Kind, k[4].Value, k[5].Kind, k[5].Value, cancellationToken);
    }

    private static OpenKey[] Padded(IReadOnlyList<OpenKey> keys)
    {
        if (keys.Count is 0 or > Keys)
        {
            throw new ArgumentOutOfRangeException(nameof(keys), keys.Count, $"a compiled open list takes 1 to {Keys} keys");
        }
        return [.. keys, .. Enumerable.Repeat(Unused, Keys - keys.Count)];
    }

    // The parts the compiled queries are put together from, one key's range at a time.
    private static readonly Expression<Func<WorkflowsDbContext, ParticipantKind, string, IQueryable<InboxEntry>>> EntriesTemplate =
        (db, kind, value) => db.TaskParticipants.AsNoTracking().Where(p => p.Active && p.Kind == kind && p.Value == value)
            .Select(p => new InboxEntry { TaskId = p.TaskId, DueOrder = p.DueOrder, CreatedAt = p.TaskCreatedAt });

    private static readonly Expression<Func<IQueryable<InboxEntry>, int, IQueryable<InboxEntry>>> FirstRowsTemplate =
        (entries, first) => entries.OrderBy(e => e.DueOrder).ThenBy(e => e.CreatedAt).ThenBy(e => e.TaskId).Take(first);

    private static readonly Expression<Func<IQueryable<InboxEntry>, IQueryable<string>>> TaskIdsTemplate = entries => entries.Select(e => e.TaskId);

    /// <summary>The page is chosen on the index entries, then joined to its task rows, in one statement.</summary>
    private static readonly Expression<Func<WorkflowsDbContext, IQueryable<InboxEntry>, int, int, IQueryable<TaskRecord>>> PageTemplate =
        (db, entries, skip, take) => entries.OrderBy(e => e.DueOrder).ThenBy(e => e.CreatedAt).ThenBy(e => e.TaskId).Skip(skip).Take(take)
            .Join(db.Tasks.AsNoTracking(), e => e.TaskId, t => t.Id, (e, t) => new { e.DueOrder, e.CreatedAt, Task = t })
            .OrderBy(x => x.DueOrder).ThenBy(x => x.CreatedAt).ThenBy(x => x.Task.Id)
            .Select(x => x.Task);

    /// <summary>The template's body with its parameters replaced by <paramref name="arguments"/>, in order.</summary>
    private static Expression Inline(LambdaExpression template, params Expression[] arguments) =>
        template.Parameters.Zip(arguments).Aggregate(template.Body, (body, argument) => ReplacingExpressionVisitor.Replace(argument.First, argument.Second, body));

    private static MethodCallExpression Call(string method, Type element, params Expression[] arguments) =>
        Expression.Call(typeof(Queryable), method, [element], arguments);
}
