namespace Workflows.Scheduling.Email;

public sealed record EmailTemplate(string Key, string Subject, string Body);

/// <summary>
/// The shipped Chinese templates. Variables: <c>procedure</c> (the procedure's name), <c>title</c> (the matter: its
/// <c>input.title</c>, else the task's title, else the procedure's name), <c>taskTitle</c>, <c>step</c>,
/// <c>handlers</c>, <c>assignedAt</c>, <c>dueAt</c>, <c>hardDueAt</c>, <c>overdueWorkingDays</c>, <c>link</c> (the
/// task for 待办/催办/督办, the matter otherwise), <c>level</c> (督办 1 or 2), <c>urgedBy</c>, <c>message</c> (a 催办's
/// words, a 退回's reason), <c>outcome</c> (the step's result), <c>actor</c> (who completed the step), <c>result</c>
/// (the matter's).
/// </summary>
public static class DefaultEmailTemplates
{
    private const string Matter = """
        <tr><td>事项流程</td><td>{{ procedure }}</td></tr>
        <tr><td>事项标题</td><td>{{ title }}</td></tr>
        """;

    private const string Facts = """
        <table style="border-collapse:collapse" cellpadding="4">
        """ + Matter + """
        <tr><td>办理环节</td><td>{{ step }}</td></tr>
        <tr><td>办理人</td><td>{{ handlers }}</td></tr>
        <tr><td>交办日期</td><td>{{ assignedAt }}</td></tr>
        <tr><td>办理期限</td><td>{{ dueAt }}</td></tr>
        <tr><td>超期工作日</td><td>{{ overdueWorkingDays }}</td></tr>
        </table>
        """;

    private const string Assignment = """
        <table style="border-collapse:collapse" cellpadding="4">
        """ + Matter + """
        <tr><td>办理环节</td><td>{{ step }}</td></tr>
        <tr><td>办理人</td><td>{{ handlers }}</td></tr>
        <tr><td>交办日期</td><td>{{ assignedAt }}</td></tr>
        {% if dueAt != "" %}<tr><td>办理期限</td><td>{{ dueAt }}</td></tr>{% endif %}
        </table>
        """;

    private const string Step = """
        <table style="border-collapse:collapse" cellpadding="4">
        """ + Matter + """
        <tr><td>办理环节</td><td>{{ step }}</td></tr>
        <tr><td>办理结果</td><td>{{ outcome }}</td></tr>
        {% if actor %}<tr><td>办理人</td><td>{{ actor }}</td></tr>{% endif %}
        </table>
        """;

    private const string Link = """<p><a href="{{ link }}">打开待办事项</a>：{{ link }}</p>""";

    private const string Opinion = "{% if message %}<p>办理意见：{{ message }}</p>{% endif %}";

    private const string MatterLink = """<p><a href="{{ link }}">查看事项</a>：{{ link }}</p>""";

    public static readonly IReadOnlyDictionary<string, EmailTemplate> All = new Dictionary<string, EmailTemplate>
    {
        [EmailTemplateKeys.TaskAssigned] = new(EmailTemplateKeys.TaskAssigned, "【待办】{{ procedure }}：{{ title }}（{{ step }}）",
            "<p>您有一项新的待办事项，请在期限内办理。</p>" + Assignment + Link),
        [EmailTemplateKeys.Reminder] = new(EmailTemplateKeys.Reminder, "【催办】{{ procedure }}：{{ title }}",
            "<p>您办理的事项即将到期或已超期，请尽快办理。</p>" + Facts
            + "{% if urgedBy %}<p>催办人：{{ urgedBy }}</p>{% endif %}{% if message %}<p>催办意见：{{ message }}</p>{% endif %}" + Link),
        [EmailTemplateKeys.Escalation] = new(EmailTemplateKeys.Escalation,
            "【督办{% if level == 2 %}·二级{% endif %}】{{ procedure }}：{{ title }}（已超期{{ overdueWorkingDays }}个工作日）",
            "<p>以下事项已超过办理期限{% if level == 2 %}并已超过最终期限{% endif %}，请督促办理。</p>" + Facts + Link),
        [EmailTemplateKeys.Returned] = new(EmailTemplateKeys.Returned, "【退回】{{ procedure }}：{{ title }}",
            "<p>您提交的事项在“{{ step }}”环节被退回，请按退回理由办理。</p><p>退回理由：{{ message }}</p>" + Step + MatterLink),
        [EmailTemplateKeys.Completed] = new(EmailTemplateKeys.Completed, "【环节办结】{{ procedure }}：{{ title }}（{{ step }}：{{ outcome }}）",
            "<p>您提交的事项的“{{ step }}”环节已办理完毕，结果：{{ outcome }}。</p>" + Step + Opinion + MatterLink),
        [EmailTemplateKeys.InstanceFinished] = new(EmailTemplateKeys.InstanceFinished, "【办结】{{ procedure }}：{{ title }}{% if result %}（{{ result }}）{% endif %}",
            "<p>您提交的事项已办结{% if result %}，结果：{{ result }}{% endif %}。</p><table style=\"border-collapse:collapse\" cellpadding=\"4\">" + Matter
            + "<tr><td>提交日期</td><td>{{ assignedAt }}</td></tr><tr><td>办理结果</td><td>{{ result }}</td></tr></table>" + MatterLink),
        [EmailTemplateKeys.Cc] = new(EmailTemplateKeys.Cc, "【抄送】{{ procedure }}：{{ title }}（{{ step }}：{{ outcome }}）",
            "<p>抄送给您知悉：“{{ step }}”环节已办理，结果：{{ outcome }}。</p>" + Step + Opinion + MatterLink),
    };
}
