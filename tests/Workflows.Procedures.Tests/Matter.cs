using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;

namespace Workflows.Procedures.Tests;

/// <summary>
/// One running procedure driven through the REST API as its people would: each step is found in the actor's own
/// inbox (claimed when it was offered to a role), completed with an outcome; the e-mails it recorded and the
/// documents it issued are read back.
/// </summary>
public sealed class Matter(ProcedureServer server, string id, string starter)
{
    public string Id { get; } = id;

    public static async Task<Matter> StartAsync(ProcedureServer server, string starter, string definitionId, JsonObject input, params string[] fileInputs)
    {
        var client = await server.As(starter);
        foreach (var name in fileInputs)
        {
            input[name] = await UploadAsync(client, $"{name}.pdf");
        }
        var response = await client.PostAsJsonAsync("/api/workflow-instances", new { definitionId, input });
        var body = await ExpectAsync(response, HttpStatusCode.Created);
        return new Matter(server, body["id"]!.GetValue<string>(), starter);
    }

    public static async Task<string> UploadAsync(HttpClient client, string fileName)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"%PDF-1.4 {fileName}"));
        file.Headers.ContentType = new("application/pdf");
        content.Add(file, "file", fileName);
        var body = await ExpectAsync(await client.PostAsync("/api/attachments", content), HttpStatusCode.Created);
        return body["id"]!.GetValue<string>();
    }

    /// <summary>The titles of the open tasks of this matter in <paramref name="user"/>'s inbox (assigned or offered).</summary>
    public async Task<IReadOnlyList<string>> InboxAsync(string user) =>
        [.. (await OpenTasksAsync(user)).Select(t => t.Task["title"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    public async Task SeesAsync(string user, params string[] titles) =>
        Assert.Equal(titles.Order(StringComparer.Ordinal), await InboxAsync(user));

    public Task SeesNothingAsync(params string[] users) => Task.WhenAll(users.Select(u => SeesAsync(u)));

    /// <summary>The titles of this matter's 抄送 items in <paramref name="user"/>'s inbox.</summary>
    public async Task<IReadOnlyList<string>> CopiesAsync(string user)
    {
        var client = await server.As(user);
        var page = await ExpectAsync(await client.GetAsync("/api/tasks?scope=cc&pageSize=200"), HttpStatusCode.OK);
        return [.. page["items"]!.AsArray().Where(i => i!["instanceId"]!.GetValue<string>() == Id).Select(i => i!["title"]!.GetValue<string>())];
    }

    /// <summary><paramref name="user"/> finds the task titled <paramref name="title"/> in their inbox, takes it if it was offered, and completes it.</summary>
    public async Task ActAsync(string user, string title, string outcome, string? comment = null, JsonObject? data = null, IReadOnlyList<string>? attachmentIds = null)
    {
        var client = await server.As(user);
        var matches = (await OpenTasksAsync(user)).Where(t => t.Task["title"]!.GetValue<string>() == title).ToList();
        Assert.True(matches.Count == 1, $"{user} should see one task '{title}' in matter {Id}, sees: {string.Join(", ", await InboxAsync(user))}");
        var (task, offered) = matches[0];
        var taskId = task["id"]!.GetValue<string>();
        if (offered)
        {
            await ExpectAsync(await RetriedAsync(() => client.PostAsync($"/api/tasks/{taskId}/claim", null)), HttpStatusCode.OK);
        }
        var response = await RetriedAsync(() => client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome, comment, data, attachmentIds }));
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>
    /// A timer of the same matter (an overdue task's 督办) may commit between loading and saving: the server answers
    /// 409 and stored nothing, so a person would simply try again.
    /// </summary>
    private static async Task<HttpResponseMessage> RetriedAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 3
                || !(await response.Content.ReadAsStringAsync()).Contains("changed by someone else", StringComparison.Ordinal))
            {
                return response;
            }
        }
    }

    /// <summary>Like <see cref="ActAsync"/> but returns the completion's status and body instead of asserting success (the task stays claimed).</summary>
    public async Task<(HttpStatusCode Status, string Body)> TryActAsync(string user, string title, string outcome, string? comment = null, JsonObject? data = null)
    {
        var client = await server.As(user);
        var (task, offered) = (await OpenTasksAsync(user)).Single(t => t.Task["title"]!.GetValue<string>() == title);
        var taskId = task["id"]!.GetValue<string>();
        if (offered)
        {
            await ExpectAsync(await client.PostAsync($"/api/tasks/{taskId}/claim", null), HttpStatusCode.OK);
        }
        var response = await client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome, comment, data });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The open tasks of this matter <paramref name="user"/> may act on: (id, title), assigned or offered.</summary>
    public async Task<IReadOnlyList<(string Id, string Title)>> TaskIdsAsync(string user) =>
        [.. (await OpenTasksAsync(user)).Select(t => (t.Task["id"]!.GetValue<string>(), t.Task["title"]!.GetValue<string>()))];

    public async Task<JsonObject> InstanceAsync()
    {
        var admin = await server.As("admin");
        return await ExpectAsync(await admin.GetAsync($"/api/workflow-instances/{Id}"), HttpStatusCode.OK);
    }

    public async Task EndsWithAsync(string result)
    {
        var instance = await InstanceAsync();
        Assert.Equal("Completed", instance["status"]!.GetValue<string>());
        Assert.Equal(result, instance["result"]!.GetValue<string>());
    }

    public async Task IsRunningAsync()
    {
        var instance = await InstanceAsync();
        Assert.Equal("Running", instance["status"]!.GetValue<string>());
        Assert.Empty(instance["incidents"]!.AsArray());
    }

    /// <summary>The e-mails the procedure's own SendEmail steps recorded (outbox side effects), in order: subject and recipients.</summary>
    public async Task<IReadOnlyList<JsonObject>> EmailsAsync()
    {
        var store = server.Services.GetRequiredService<IWorkflowInstanceStore>();
        var effects = await store.GetSideEffectsAsync(Id, CancellationToken.None);
        return [.. effects.Where(e => e.Kind == SideEffectKinds.Email && e.Payload["template"] is null).OrderBy(e => e.CreatedAt).Select(e => e.Payload)];
    }

    /// <summary>Asserts the subjects of the SendEmail steps' e-mails, in order, each by a fragment.</summary>
    public async Task SentEmailsAsync(params string[] subjectFragments)
    {
        var subjects = (await EmailsAsync()).Select(e => e["subject"]!.GetValue<string>()).ToList();
        Assert.True(subjects.Count == subjectFragments.Length, $"expected {subjectFragments.Length} e-mails, recorded: {string.Join(" | ", subjects)}");
        for (var i = 0; i < subjects.Count; i++)
        {
            Assert.Contains(subjectFragments[i], subjects[i], StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Waits until the SMTP server received the matter's e-mail whose subject contains <paramref name="subject"/>, and
    /// returns the user names it went to (To, then Cc; demo addresses are user@demo.workflows.local).
    /// </summary>
    public async Task<(IReadOnlyList<string> To, IReadOnlyList<string> Cc, string Subject)> DeliveredAsync(string subject)
    {
        var store = server.Services.GetRequiredService<IWorkflowInstanceStore>();
        var effect = (await store.GetSideEffectsAsync(Id, CancellationToken.None))
            .Single(e => e.Kind == SideEffectKinds.Email && e.Payload["subject"]?.GetValue<string>().Contains(subject, StringComparison.Ordinal) == true);
        var message = await server.Mailbox.WaitForAsync(effect.Id);
        static IReadOnlyList<string> Users(MimeKit.InternetAddressList list) =>
            [.. list.Mailboxes.Select(m => m.Address[..m.Address.IndexOf('@')]).Order(StringComparer.Ordinal)];
        return (Users(message.To), Users(message.Cc), message.Subject ?? "");
    }

    /// <summary>Waits until the SMTP server received the matter's e-mail whose subject contains <paramref name="subject"/>, and returns its text as read.</summary>
    public async Task<string> DeliveredBodyAsync(string subject)
    {
        var store = server.Services.GetRequiredService<IWorkflowInstanceStore>();
        var effect = (await store.GetSideEffectsAsync(Id, CancellationToken.None))
            .Single(e => e.Kind == SideEffectKinds.Email && e.Payload["subject"]?.GetValue<string>().Contains(subject, StringComparison.Ordinal) == true);
        var message = await server.Mailbox.WaitForAsync(effect.Id);
        return message.TextBody ?? message.HtmlBody ?? "";
    }

    /// <summary>
    /// Waits until the SMTP server received every e-mail the matter recorded, and asserts who got which kind: one
    /// <c>"{kind} → {user}"</c> (or <c>"{kind} cc {user}"</c>) per recipient, in any order. The kind is the template
    /// (task-assigned, returned, completed, instance-finished, cc, reminder, escalation) or <c>send-email</c> for the
    /// procedure's own SendEmail steps.
    /// </summary>
    public async Task ReceivedAsync(params string[] expected)
    {
        var store = server.Services.GetRequiredService<IWorkflowInstanceStore>();
        var received = new List<string>();
        foreach (var effect in (await store.GetSideEffectsAsync(Id, CancellationToken.None)).Where(e => e.Kind == SideEffectKinds.Email))
        {
            var message = await server.Mailbox.WaitForAsync(effect.Id);
            var kind = effect.Payload["template"]?.GetValue<string>() ?? "send-email";
            received.AddRange(message.To.Mailboxes.Select(m => $"{kind} → {m.Address[..m.Address.IndexOf('@')]}"));
            received.AddRange(message.Cc.Mailboxes.Select(m => $"{kind} cc {m.Address[..m.Address.IndexOf('@')]}"));
        }
        Assert.Equal(expected.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Waits until the matter recorded an e-mail of <paramref name="kind"/> (a template key) and the SMTP server
    /// received it; who it went to, and its HTML body.
    /// </summary>
    public async Task<(IReadOnlyList<string> To, IReadOnlyList<string> Cc, string Body)> DeliveredKindAsync(string kind)
    {
        var store = server.Services.GetRequiredService<IWorkflowInstanceStore>();
        SideEffect? effect = null;
        for (var waited = 0; effect is null; waited++)
        {
            Assert.True(waited < 150, $"matter {Id} recorded no {kind} e-mail within 30 s");
            await Task.Delay(200);
            effect = (await store.GetSideEffectsAsync(Id, CancellationToken.None))
                .FirstOrDefault(e => e.Kind == SideEffectKinds.Email && e.Payload["template"]?.GetValue<string>() == kind);
        }
        var message = await server.Mailbox.WaitForAsync(effect.Id);
        static IReadOnlyList<string> Users(MimeKit.InternetAddressList list) =>
            [.. list.Mailboxes.Select(m => m.Address[..m.Address.IndexOf('@')]).Order(StringComparer.Ordinal)];
        return (Users(message.To), Users(message.Cc), message.HtmlBody ?? "");
    }

    /// <summary>Waits for the matter's <paramref name="count"/>-th issued document and returns the text of its .docx, paragraph by paragraph.</summary>
    public Task<GeneratedDocument> DocumentAsync(int count = 1) => DocumentAsync(count, null);

    /// <summary>
    /// Waits until the matter has <paramref name="count"/> issued documents and returns the one whose title contains
    /// <paramref name="titleFragment"/> (documents issued by one step are made in parallel, in no fixed order).
    /// </summary>
    public async Task<GeneratedDocument> DocumentAsync(int count, string? titleFragment)
    {
        var client = await server.As(starter);
        List<JsonObject> documents = [];
        for (var waited = 0; waited < 200 && documents.Count < count; waited++)
        {
            documents = [.. (await ExpectNodeAsync(await client.GetAsync($"/api/workflow-instances/{Id}/documents"), HttpStatusCode.OK)).AsArray()
                .Select(d => d!.AsObject()).Where(d => d["state"]!.GetValue<string>() != "Draft")];
            if (documents.Count < count)
            {
                await Task.Delay(50);
            }
        }
        Assert.True(documents.Count >= count, $"matter {Id} has {documents.Count} issued documents, expected {count}");
        var document = titleFragment is null ? documents[count - 1]
            : documents.Single(d => d["title"]!.GetValue<string>().Contains(titleFragment, StringComparison.Ordinal));
        var docx = await client.GetAsync(document["docxUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        var bytes = await docx.Content.ReadAsByteArrayAsync();
        using var stream = new MemoryStream(bytes);
        using var word = WordprocessingDocument.Open(stream, false);
        var paragraphs = word.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>()
            .Select(p => p.InnerText).Where(t => t.Length > 0).ToList();
        var html = await client.GetStringAsync(document["htmlUrl"]!.GetValue<string>());
        return new GeneratedDocument(document["title"]!.GetValue<string>(), document["number"]!.GetValue<string>(), paragraphs, html)
        {
            Id = document["id"]!.GetValue<string>(),
            Publicity = document["publicity"]!.GetValue<string>(),
            Docx = bytes,
        };
    }

    /// <summary>Waits for the matter's draft (made by a GenerateDocument step with <c>draft</c>) and returns it as <paramref name="user"/> sees it.</summary>
    public async Task<JsonObject> DraftAsync(string user)
    {
        var client = await server.As(user);
        for (var waited = 0; waited < 200; waited++)
        {
            var list = (await ExpectNodeAsync(await client.GetAsync($"/api/workflow-instances/{Id}/documents"), HttpStatusCode.OK)).AsArray();
            if (list.FirstOrDefault(d => d!["state"]!.GetValue<string>() == "Draft") is { } draft)
            {
                return await ExpectAsync(await client.GetAsync($"/api/workflow-instances/{Id}/documents/{draft["id"]}"), HttpStatusCode.OK);
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"matter {Id} made no draft within 10 s");
    }

    /// <summary>How many documents the matter has issued (drafts not counted).</summary>
    public async Task<int> DocumentCountAsync()
    {
        var client = await server.As(starter);
        return (await ExpectNodeAsync(await client.GetAsync($"/api/workflow-instances/{Id}/documents"), HttpStatusCode.OK)).AsArray()
            .Count(d => d!["state"]!.GetValue<string>() != "Draft");
    }

    private async Task<IReadOnlyList<(JsonObject Task, bool Offered)>> OpenTasksAsync(string user)
    {
        var client = await server.As(user);
        var mine = await ExpectAsync(await client.GetAsync($"/api/tasks?scope=mine&instanceId={Id}"), HttpStatusCode.OK);
        var offered = await ExpectAsync(await client.GetAsync($"/api/tasks?scope=candidate&instanceId={Id}"), HttpStatusCode.OK);
        return [.. mine["items"]!.AsArray().Select(t => (t!.AsObject(), false)), .. offered["items"]!.AsArray().Select(t => (t!.AsObject(), true))];
    }

    private static async Task<JsonObject> ExpectAsync(HttpResponseMessage response, HttpStatusCode status) =>
        (await ExpectNodeAsync(response, status)).AsObject();

    private static async Task<JsonNode> ExpectNodeAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode} {body}");
        return string.IsNullOrWhiteSpace(body) ? new JsonObject() : JsonNode.Parse(body)!;
    }
}

/// <summary>A generated document as read back: its number, the .docx paragraphs (table cells included) and the HTML.</summary>
public sealed record GeneratedDocument(string Title, string Number, IReadOnlyList<string> Paragraphs, string Html)
{
    public string Id { get; init; } = "";
    public string Publicity { get; init; } = "";
    public byte[] Docx { get; init; } = [];

    public string Text => string.Join("\n", Paragraphs);
}
