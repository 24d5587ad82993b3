using Workflows.Core.Organisation;

namespace Workflows.Cli.Seeding;

public sealed record SeedDepartment(string Code, string Name, string? Parent);

public sealed record SeedPerson(string UserName, string DisplayName, string Department, string? Supervisor, string Role);

/// <summary>
/// A district government of a given size, shaped like the demo organisation: the fixed offices every shipped procedure
/// reaches (government office, health committee, market regulation, emergency, fire brigade, finance, an assessor),
/// then bureaus (each drafts policies, is an industry department and owns vehicles), police stations and hazard units
/// (outside bodies at the top, as in the demo). Roles a task is offered to "in the case's department" have holders
/// in every such department, or the matter would stop on an incident.
/// </summary>
public sealed class SeedOrganisation
{
    /// <summary>The fixed offices; fewer departments than these plus two bureaus, a police station and two hazard units cannot hold the procedures.</summary>
    private static readonly SeedDepartment[] Offices =
    [
        new("district-gov", "阳泉市城区人民政府", null),
        new("gov-office", "区政府办公室", "district-gov"),
        new("supervision", "区政府督查室", "gov-office"),
        new("health-bureau", "区卫生健康和体育局", "district-gov"),
        new("health-committee", "区健康专家委员会办公室", "health-bureau"),
        new("market-regulation", "区市场监督管理局", "district-gov"),
        new("emergency", "区应急管理局", "district-gov"),
        new("fire-brigade", "区消防救援大队", "district-gov"),
        new("finance", "区财政局", "district-gov"),
        new("assessor", "第三方评估机构", null),
    ];

    /// <summary>Who holds which role in the fixed offices, and how many of them: small where a task goes to every holder (会签).</summary>
    private static readonly (string Department, string Role, int Count)[] OfficeSeats =
    [
        ("district-gov", "district-leader", 3),
        ("gov-office", "gov-office", 4),
        ("supervision", "supervision-office", 2),
        ("health-committee", "health-office-head", 1),
        ("health-committee", "health-office", 3),
        ("health-committee", "health-expert", 5),
        ("market-regulation", "market-regulation", 3),
        ("market-regulation", "fair-review-body", 2),
        ("emergency", "emergency-bureau", 3),
        ("fire-brigade", "fire-brigade", 3),
        ("finance", "finance", 3),
        ("assessor", "third-party-assessor", 2),
    ];

    private static readonly (string Role, int Count)[] BureauSeats =
        [("drafter-head", 1), ("drafter", 2), ("fair-review-unit", 1), ("fair-review-body", 1), ("industry-department", 1), ("vehicle-unit", 1)];

    private static readonly string[] BureauNames =
    [
        "区发展和改革局", "区教育局", "区民政局", "区司法局", "区人力资源和社会保障局", "区住房和城乡建设局", "区交通运输局",
        "区农业农村局", "区商务局", "区文化和旅游局", "区退役军人事务局", "区审计局", "区统计局", "区医疗保障局", "区城市管理局",
        "区城乡建设事务服务中心", "区行政审批服务管理局", "区科学技术和工业信息化局", "区机关事务服务中心", "区信访局",
    ];

    private static readonly string[] Streets = ["北街", "南街", "上站", "下站", "义井", "西南舍", "东升", "桃北", "德胜", "赛鱼"];

    private static readonly string[] Businesses = ["商贸", "酒店", "娱乐", "百货", "物流", "餐饮", "宾馆", "超市", "影城", "网吧"];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];

    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国"];

    private SeedOrganisation(IReadOnlyList<SeedDepartment> departments, IReadOnlyList<SeedPerson> people)
    {
        Departments = departments;
        People = people;
    }

    /// <summary>Ordered so that parents come before their sub-departments.</summary>
    public IReadOnlyList<SeedDepartment> Departments { get; }

    /// <summary>Ordered so that every supervisor comes before the people they supervise.</summary>
    public IReadOnlyList<SeedPerson> People { get; }

    public IEnumerable<string> Roles => People.Select(p => p.Role).Distinct(StringComparer.Ordinal);

    public static int MinimumDepartments => Offices.Length + 5;

    public static int MinimumUsers(int departments)
    {
        var (bureaus, police, hazards) = Split(departments);
        return OfficeSeats.Sum(s => s.Count) + bureaus * BureauSeats.Sum(s => s.Count) + police * 2 + hazards * 2;
    }

    public IReadOnlyList<SeedDepartment> Bureaus => [.. Departments.Where(d => d.Code.StartsWith("bureau-", StringComparison.Ordinal))];
    public IReadOnlyList<SeedDepartment> PoliceStations => [.. Departments.Where(d => d.Code.StartsWith("police-", StringComparison.Ordinal))];
    public IReadOnlyList<SeedDepartment> HazardUnits => [.. Departments.Where(d => d.Code.StartsWith("hazard-", StringComparison.Ordinal))];

    public IReadOnlyList<SeedPerson> Holders(string role) => [.. People.Where(p => p.Role == role)];

    public SeedDepartment Department(string code) => Departments.First(d => d.Code == code);

    /// <summary>The organisation with <paramref name="departments"/> departments and <paramref name="users"/> people (at least the minimums).</summary>
    public static SeedOrganisation Create(int departments, int users)
    {
        var (bureauCount, policeCount, hazardCount) = Split(departments);
        var bureaus = Enumerable.Range(1, bureauCount).Select(i => new SeedDepartment($"bureau-{i:00}",
            i <= BureauNames.Length ? BureauNames[i - 1] : $"区第{i}事务服务中心", "district-gov")).ToList();
        var police = Enumerable.Range(1, policeCount).Select(i => new SeedDepartment($"police-{i:00}",
            $"城区公安分局{Streets[(i - 1) % Streets.Length]}{(i > Streets.Length ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}派出所", "district-gov")).ToList();
        var hazards = Enumerable.Range(1, hazardCount).Select(i => new SeedDepartment($"hazard-{i:00}",
            $"阳泉{Streets[(i - 1) % Streets.Length]}{Businesses[(i - 1) % Businesses.Length]}有限公司", null)).ToList();

        var seats = new List<(string Department, string Role, int Count)>(OfficeSeats);
        seats.AddRange(bureaus.SelectMany(b => BureauSeats.Select(s => (b.Code, s.Role, s.Count))));
        seats.AddRange(police.Select(p => (p.Code, "police-station", 2)));
        seats.AddRange(hazards.Select(h => (h.Code, "hazard-unit", 2)));
        // Everyone beyond the minimum is staff where staff take turns on offered tasks; never a 会签 role, whose tasks go to every holder.
        var staff = bureaus.Select(b => (b.Code, "drafter")).Concat(police.Select(p => (p.Code, "police-station")))
            .Concat([("gov-office", "gov-office"), ("finance", "finance"), ("emergency", "emergency-bureau"), ("market-regulation", "market-regulation")])
            .ToList();
        var extra = users - seats.Sum(s => s.Count);
        for (var i = 0; i < extra; i++)
        {
            seats.Add((staff[i % staff.Count].Item1, staff[i % staff.Count].Item2, 1));
        }
        return new SeedOrganisation([.. Offices, .. bureaus, .. police, .. hazards], Staff(seats, bureaus));
    }

    /// <summary>An in-memory directory of exactly this organisation, for the engine while seeding (the server reads the same rows).</summary>
    public InMemoryOrganisationDirectory ToDirectory()
    {
        var directory = new InMemoryOrganisationDirectory();
        foreach (var department in Departments)
        {
            directory.AddDepartment(department.Code, department.Parent, department.Name);
        }
        foreach (var person in People)
        {
            directory.AddUser(person.UserName, person.Department, person.Supervisor, person.Role);
        }
        return directory;
    }

    private static (int Bureaus, int Police, int Hazards) Split(int departments)
    {
        var rest = departments - Offices.Length;
        var bureaus = Math.Max(2, rest * 2 / 5);
        var police = Math.Max(1, rest / 5);
        return (bureaus, police, rest - bureaus - police);
    }

    /// <summary>
    /// User names say the role and a number (<c>drafter-12</c>), so a benchmark can pick whom to sign in as. The first
    /// person of a department heads it and answers to the first district leader (outside bodies to a bureau head);
    /// everyone else answers to their head, so escalations always find someone.
    /// </summary>
    private static List<SeedPerson> Staff(List<(string Department, string Role, int Count)> seats, List<SeedDepartment> bureaus)
    {
        var people = new List<SeedPerson>();
        var heads = new Dictionary<string, string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        const string leader = "district-leader-1";
        foreach (var (department, role, count) in seats)
        {
            for (var i = 0; i < count; i++)
            {
                var number = numbers[role] = numbers.GetValueOrDefault(role) + 1;
                var userName = $"{role}-{number}";
                string? supervisor;
                if (heads.TryGetValue(department, out var head))
                {
                    supervisor = head;
                }
                else
                {
                    heads[department] = userName;
                    supervisor = userName == leader ? null
                        : department is "assessor" || department.StartsWith("hazard-", StringComparison.Ordinal)
                            ? heads.GetValueOrDefault(bureaus[people.Count % bureaus.Count].Code, leader)
                            : leader;
                }
                var name = Surnames[people.Count % Surnames.Length] + GivenNames[people.Count / Surnames.Length % GivenNames.Length];
                people.Add(new SeedPerson(userName, name, department, supervisor, role));
            }
        }
        return people;
    }
}
