using System.Net;

namespace Workflows.Http.Benchmarks;

/// <summary>
/// The stress scenario: a department of finance reviewers, each offered every vehicle-scrapping request's first review
/// (区财政局（国有资产）审核, assigned to the role), working through the shared inbox (with no think time
/// unless <c>--think-ms</c> gives one).
/// </summary>
public static class VehicleScrappingLoad
{
    public const string Password = "Bench@12345";
    public const string Department = "bench";
    public const string Applicant = "applicant";

    public static string Reviewer(int index) => $"finance{index:000}";

    /// <summary>Creates the department, the applicant and <paramref name="reviewers"/> finance reviewers as the administrator.</summary>
    public static async Task CreateOrganisationAsync(WorkflowsApi admin, int reviewers)
    {
        await admin.PostAsync("/api/org/departments", new { code = Department, name = "压测科室" }, HttpStatusCode.Created);
        await CreateUserAsync(admin, Applicant, "申请单位经办人", "vehicle-unit");
        // The next step's holder, so an agreed review moves on as in the office instead of raising an incident.
        await CreateUserAsync(admin, "office", "区政府办公室", "gov-office");
        for (var i = 1; i <= reviewers; i++)
        {
            await CreateUserAsync(admin, Reviewer(i), $"财政审核员{i}", "finance");
        }
    }

    /// <summary>Files <paramref name="matters"/> requests as the applicant, <paramref name="parallelism"/> at a time.</summary>
    public static async Task StartMattersAsync(WorkflowsApi applicant, int matters, int parallelism)
    {
        await Parallel.ForAsync(0, matters, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) =>
        {
            var request = await applicant.UploadAsync($"请示{i}.pdf");
            await applicant.PostAsync("/api/workflow-instances", new
            {
                definitionId = "vehicle-scrapping",
                input = new
                {
                    unit = "区环卫所",
                    requestTitle = $"关于申请报废老旧环卫作业车辆的请示（{i}）",
                    requestNumber = $"环卫〔2026〕{i}号",
                    vehicleCategory = "老旧环卫作业车辆",
                    vehicleCount = 2,
                    vehicles = "苏A12345 洒水车 2012年；苏A54321 清扫车 2013年",
                    reason = "车辆已达报废年限",
                    request,
                },
            }, HttpStatusCode.Created);
        });
    }

    private static Task CreateUserAsync(WorkflowsApi admin, string userName, string displayName, string role) =>
        admin.PostAsync("/api/org/users", new
        {
            userName,
            displayName,
            email = $"{userName}@bench.example.gov.cn",
            password = Password,
            department = Department,
            roles = new[] { role },
        }, HttpStatusCode.Created);
}
