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
/// an address are left out, with a log line naming them. A message's people are read in one query
/// (<see cref="PeopleAsync"/>): its recipients and everyone its text names.
/// </summary>
public sealed class RecipientResolver(IOrganisationDirectory organisation, ILogger<RecipientResolver> logger)
{
    /// <summary>A person as a message shows them: their display name and their address, if they have one.</summary>
    public sealed record Person(string DisplayName, string? Email);

    /// <summary>A message's <c>to</c> or <c>cc</c> expanded: the addresses it gives and the people it reaches.</summary>
    public sealed record Recipients(IReadOnlyList<string> Addresses, IReadOnlyList<string> UserNames);

    /// <summary>
    /// Who <paramref name="spec"/> names: addresses as written, and user names with roles and departments expanded
    /// through the organisation. Expanded once per message; <see cref="PeopleAsync"/> then reads the people and
    /// <see cref="Mailboxes"/> turns both into mailboxes.
    /// </summary>
    public Recipients Expand(JsonNode? spec)
    {
        var addresses = new List<string>();
        var userNames = new List<string>();
        Collect(spec, addresses, userNames);
        return new Recipients(addresses, userNames);
    }

    /// <summary>The people among <paramref name="userNames"/> who exist, by user name.</summary>
    public static async Task<IReadOnlyDictionary<string, Person>> PeopleAsync(WorkflowsDbContext db, IEnumerable<string> userNames, CancellationToken cancellationToken)
    {
        var names = userNames.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return new Dictionary<string, Person>(StringComparer.Ordinal);
        }
        // The three columns a message uses, not the whole account row (password hash, stamps, lockout) per person.
        var people = await db.Users.AsNoTracking().Where(u => names.Contains(u.UserName!))
            .Select(u => new { UserName = u.UserName!, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return people.ToDictionary(u => u.UserName, u => new Person(u.DisplayName, u.Email), StringComparer.Ordinal);
    }

    /// <summary>The mailboxes of <paramref name="recipients"/>, in the order they were named, each address once.</summary>
    /// <param name="people">At least everyone among <paramref name="recipients"/>' user names.</param>
    public IReadOnlyList<MailboxAddress> Mailboxes(Recipients recipients, IReadOnlyDictionary<string, Person> people)
    {
        var mailboxes = recipients.Addresses.Select(MailboxAddress.Parse).ToList();
        var skipped = new List<string>();
        foreach (var name in recipients.UserNames.Distinct(StringComparer.Ordinal))
        {
            if (people.TryGetValue(name, out var person) && !string.IsNullOrEmpty(person.Email))
            {
                mailboxes.Add(new MailboxAddress(person.DisplayName, person.Email));
            }
            else
            {
                skipped.Add(name);
            }
        }
        if (skipped.Count > 0)
        {
            logger.LogInformation("No e-mail address for {UserNames}: skipped", string.Join(", ", skipped));
        }
        return [.. mailboxes.DistinctBy(m => m.Address.ToLowerInvariant())];
    }

    /// <summary>The person's display name; a name nobody has, or a person without one, stays as it is.</summary>
    public static string DisplayName(string userName, IReadOnlyDictionary<string, Person> people) =>
        people.TryGetValue(userName, out var person) && person.DisplayName.Length > 0 ? person.DisplayName : userName;

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
