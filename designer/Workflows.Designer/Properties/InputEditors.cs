namespace Workflows.Designer.Properties;

/// <summary>Which editor an activity input gets: dedicated ones by meaning, otherwise by value type.</summary>
public enum InputEditor
{
    Expression,
    Json,
    Assignee,
    Outcomes,
    Form,
    Due,
    WorkingDays,
    /// <summary>Working days or an ISO-8601 duration (remindBefore, escalateEvery).</summary>
    Period,
    TaskMode,
    Consensus,
    JoinMode,
    Email,
    /// <summary>Shown by another editor (the e-mail subject is part of the e-mail editor).</summary>
    None,
}

public static class InputEditors
{
    public static InputEditor For(string activityType, string input, string valueType) => (activityType, input) switch
    {
        (_, "assignTo" or "escalateTo") or ("UserTask", "cc") or ("Notify", "to") => InputEditor.Assignee,
        (_, "outcomes") => InputEditor.Outcomes,
        ("UserTask", "form") => InputEditor.Form,
        ("UserTask", "due") => InputEditor.Due,
        (_, "remindBefore" or "escalateEvery") => InputEditor.Period,
        ("Delay", "workingDays") => InputEditor.WorkingDays,
        ("UserTask", "mode") => InputEditor.TaskMode,
        ("UserTask", "consensus") => InputEditor.Consensus,
        ("Join", "mode") => InputEditor.JoinMode,
        ("SendEmail", "body") => InputEditor.Email,
        ("SendEmail", "subject") => InputEditor.None,
        _ => valueType is "string" or "bool" or "number" ? InputEditor.Expression : InputEditor.Json,
    };
}
