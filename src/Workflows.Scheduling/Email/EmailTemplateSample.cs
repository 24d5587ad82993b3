namespace Workflows.Scheduling.Email;

/// <summary>Made-up values for every template variable (see <see cref="DefaultEmailTemplates"/>), for the administrators' preview.</summary>
public static class EmailTemplateSample
{
    public static IReadOnlyDictionary<string, object?> Model { get; } = new Dictionary<string, object?>
    {
        ["procedure"] = "重大行政决策健康影响评价",
        ["title"] = "关于促进全民健身的若干措施",
        ["step"] = "专家审查",
        ["handlers"] = "张三、李四",
        ["assignedAt"] = "2026-12-01 09:00",
        ["dueAt"] = "2026-12-08 17:30",
        ["hardDueAt"] = "2026-12-15 17:30",
        ["overdueWorkingDays"] = 2,
        ["level"] = 1,
        ["urgedBy"] = "王主任",
        ["message"] = "请于本周内办结",
        ["outcome"] = "同意",
        ["result"] = "通过",
        ["link"] = "https://oa.example.gov.cn/tasks/sample",
    };
}
