using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using Workflows.Core.Organisation;
using Workflows.Persistence;

namespace Workflows.Scheduling.Email;

/// <summary>
/// Turns a message's <c>to</c>/<c>cc</c> into mailboxes: e-mail addresses as they are, user names and
/// <c>{ users, roles, departments }</c> through the organisation to its people's e-mail addresses. People without
/// an address are left out, with a log line naming them.
/// </summary>
public sealed class RecipientResolver(IDbContextFactory<WorkflowsDbContext> contexts, IOrganisationDirectory organisation, ILogger<RecipientResolver> logger)
{
    public async Task<IReadOnlyList<MailboxAddress>> ResolveAsync(JsonNode? spec, CancellationToken cancellationToken)
    {
        var addresses = new List<string>();
        var userNames = new List<string>();
        Collect(spec, addresses, userNames);
        var mailboxes = addresses.Select(MailboxAddress.Parse).ToList();
        if (userNames.Count > 0)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var people = await db.Users.AsNoTracking().Where(u => userNames.Contains(u.UserName!) && u.Email != null && u.Email != "")
                .Select(u => new { u.UserName, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
            mailboxes.AddRange(people.Select(p => new MailboxAddress(p.DisplayName, p.Email!)));
            var skipped = userNames.Except(people.Select(p => p.UserName!), StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
            if (skipped.Count > 0)
            {
                logger.LogInformation("No e-mail address for {UserNames}: skipped", string.Join(", ", skipped));
            }
        }
        return [.. mailboxes.DistinctBy(m => m.Address.ToLowerInvariant())];
    }

    /// <summary>Display names for user names, in order; a name nobody has stays as it is.</summary>
    public async Task<IReadOnlyList<string>> DisplayNamesAsync(IReadOnlyList<string> userNames, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = await db.Users.AsNoTracking().Where(u => userNames.Contains(u.UserName!))
            .ToDictionaryAsync(u => u.UserName!, u => u.DisplayName, cancellationToken);
        return [.. userNames.Select(n => names.TryGetValue(n, out var display) && display.Length > 0 ? display : n)];
    }

    private void Collect(JsonNode? spec, List<string> addresses, List<string> userNames)
    {
        switch (spec)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>().Trim();
                (text.Contains('@') ? addresses : userNames).Add(text);
                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    Collect(item, addresses, userNames);
                }
                break;
            case JsonObject obj:
                Collect(obj["users"], addresses, userNames);
                userNames.AddRange(Strings(obj["roles"]).SelectMany(organisation.UsersInRole));
                userNames.AddRange(Strings(obj["departments"]).SelectMany(organisation.UsersInDepartment));
                break;
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray list => list.OfType<JsonValue>().Select(v => v.ToString()),
        JsonValue value => [value.ToString()],
        _ => [],
    };
}
