using System.Text.Json.Nodes;

namespace Workflows.Server.Simulation;

/// <summary>
/// 试运行: which version ("latest", the draft included, "published" or a number), the start form, when it starts, the
/// steps taken in order, whether to let the clock run until every timer has fired, and who starts the matter (the
/// caller by default; assignments to the starter's department follow that person).
/// </summary>
public sealed record SimulateRequest(JsonNode? Version, JsonObject? Input, DateTimeOffset? StartAt, List<SimulatedAction>? Actions, bool UntilIdle, string? StartedBy = null);

/// <summary>
/// Someone completes the open task at <see cref="ActivityId"/> with <see cref="Outcome"/>, <see cref="AfterWorkingDays"/>
/// working days after it was created (0: at once); <see cref="Actor"/> defaults to the first person due on it.
/// </summary>
public sealed record SimulatedAction(string? ActivityId, string? Outcome, int? AfterWorkingDays, string? Comment, JsonObject? Data, string? Actor);

/// <param name="Waiting">The steps with an open task when the simulation stopped: where the next scripted action can go.</param>
public sealed record SimulationResult(
    int Version, string Status, JsonNode? Result, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<string> Problems, IReadOnlyList<string> Waiting);

/// <summary>One thing that happened, at its simulated time; a task's entry names who gets it and its deadlines.</summary>
public sealed record TimelineEntry(
    DateTimeOffset At, string? ActivityId, string Event, string? Outcome, string? Actor, string? Message,
    IReadOnlyList<string> Assignees, DateTimeOffset? DueAt, DateTimeOffset? HardDueAt,
    IReadOnlyList<SimulatedEmail> Emails, IReadOnlyList<SimulatedDocument> Documents);

/// <summary>An e-mail that would go out: its kind (template key, or "email" for a SendEmail step), the addresses and the subject.</summary>
public sealed record SimulatedEmail(string Kind, IReadOnlyList<string> To, string Subject);

/// <summary>A document that would be generated; a simulation never takes a number from the register, so <see cref="Number"/> stays empty.</summary>
public sealed record SimulatedDocument(string Title, string? Number);
