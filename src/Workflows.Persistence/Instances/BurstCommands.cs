using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Workflows.Persistence.Instances;

/// <summary>
/// The commands a burst sends, kept once written. Bursts of one kind (a start, a task completed with the next one
/// opened) send the same statements with other values, so a command whose statements' <see cref="BurstStatement.TextKey"/>s
/// were seen before is taken as it was built, and only its values are worked out, instead of writing each command's
/// text and parameters anew. What is kept is the text and the parameters: each execution goes through a command its
/// own connection rents and fills from them, because an EF command keeps the reader of its last execution and so
/// serves one execution at a time.
/// </summary>
internal static class BurstCommands
{
    /// <summary>Enough for every kind of burst of many procedures; past it, new kinds are written each time.</summary>
    public const int Capacity = 2_000;

    // Per model: the text of a table's statements comes from it (and a provider has a model of its own).
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<string, IRelationalCommandTemplate>> Kept = [];

    /// <summary>The command for <paramref name="statements"/>, with the values they give its parameters.</summary>
    public static IRelationalCommandTemplate Write(WorkflowsDbContext db, ISqlGenerationHelper sql, IReadOnlyList<BurstStatement> statements, out Dictionary<string, object?> values)
    {
        var key = KeyOf(statements);
        var kept = Kept.GetValue(db.Model, _ => new ConcurrentDictionary<string, IRelationalCommandTemplate>(StringComparer.Ordinal));
        if (key is not null && kept.TryGetValue(key, out var template))
        {
            var known = StatementText.ValuesOnly(sql);
            foreach (var statement in statements)
            {
                statement.Write(known);
            }
            values = known.Values;
            return template;
        }
        var text = StatementText.Full(db.GetService<IRelationalCommandBuilderFactory>().Create(), sql);
        foreach (var statement in statements)
        {
            statement.Write(text);
        }
        template = text.Build();
        if (key is not null && kept.Count < Capacity)
        {
            kept.TryAdd(key, template);
        }
        values = text.Values;
        return template;
    }

    private static string? KeyOf(IReadOnlyList<BurstStatement> statements)
    {
        var parts = new string[statements.Count];
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i].TextKey is not { } part)
            {
                return null;
            }
            parts[i] = part;
        }
        return string.Join('\n', parts);
    }
}
