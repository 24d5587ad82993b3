using System.Net;
using System.Text.Json.Nodes;

namespace Workflows.Server.Tests.Organisation;

public sealed class OrganisationApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Org = "/api/org";

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task DepartmentsRolesAndUsers_AreReadByEveryoneSignedIn(Provider provider)
    {
        var market = await shared.For(provider).ClientForAsync("market");

        var departments = (await (await market.GetAsync($"{Org}/departments")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var roles = (await (await market.GetAsync($"{Org}/roles")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var users = (await (await market.GetAsync($"{Org}/users")).ExpectAsync(HttpStatusCode.OK)).AsArray();

        Assert.Contains(departments, d => (string)d!["code"]! == "gov-office" && (string)d["name"]! == "区政府办公室" && (string)d["parentCode"]! == "district-gov");
        Assert.Contains(roles, r => (string)r!["name"]! == "health-office" && (string)r["displayName"]! == "健康专家委员会办公室");
        Assert.Contains(roles, r => (string)r!["name"]! == "admin");
        var clerk = users.Single(u => (string)u!["userName"]! == "health-clerk")!;
        Assert.Equal(("吴办事员", "health-committee", "health-head"), ((string)clerk["displayName"]!, (string)clerk["department"]!, (string)clerk["supervisor"]!));
        Assert.Equal(["health-office"], clerk["roles"]!.AsArray().Select(r => (string)r!));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Admin_CreatesADepartmentUnderAParent(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");
        var code = Api.NewId("dept");

        var created = await (await admin.PostJsonAsync($"{Org}/departments", $$"""{ "code": "{{code}}", "name": "区数据局", "parentCode": "district-gov" }"""))
            .ExpectObjectAsync(HttpStatusCode.Created);

        Assert.Equal(("区数据局", "district-gov"), ((string)created["name"]!, (string)created["parentCode"]!));
        Assert.Contains((await (await admin.GetAsync($"{Org}/departments")).ExpectAsync(HttpStatusCode.OK)).AsArray(), d => (string)d!["code"]! == code);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task CreateDepartment_ReturnsValidationProblem_NamingEachBadField(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");

        var unknownParent = await admin.PostJsonAsync($"{Org}/departments", $$"""{ "code": "{{Api.NewId("dept")}}", "name": "x", "parentCode": "nowhere" }""");
        var blank = await admin.PostJsonAsync($"{Org}/departments", """{ "code": " ", "name": "" }""");
        var tooLong = await admin.PostJsonAsync($"{Org}/departments", $$"""{ "code": "{{new string('d', 65)}}", "name": "x" }""");

        Assert.Equal(["no department 'nowhere'"], (await unknownParent.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("parentCode"));
        var problem = await blank.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["code is required"], problem.ErrorsFor("code"));
        Assert.Equal(["name is required"], problem.ErrorsFor("name"));
        Assert.Contains("64", (await tooLong.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("code").Single());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task CreateDepartment_ReturnsConflict_WhenTheCodeExists(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");

        var response = await admin.PostJsonAsync($"{Org}/departments", """{ "code": "gov-office", "name": "另一个办公室" }""");

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "gov-office");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Admin_CreatesARole_AndADuplicateIsAConflict(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");
        var name = Api.NewId("role");

        var created = await (await admin.PostJsonAsync($"{Org}/roles", $$"""{ "name": "{{name}}", "displayName": "数据管理员" }""")).ExpectObjectAsync(HttpStatusCode.Created);
        var again = await admin.PostJsonAsync($"{Org}/roles", $$"""{ "name": "{{name}}", "displayName": "重复" }""");
        var blank = await admin.PostJsonAsync($"{Org}/roles", """{ "name": "", "displayName": "无名" }""");
        var tooLong = await admin.PostJsonAsync($"{Org}/roles", $$"""{ "name": "{{new string('r', 257)}}", "displayName": "太长" }""");

        Assert.Equal("数据管理员", (string)created["displayName"]!);
        Assert.Contains((await (await admin.GetAsync($"{Org}/roles")).ExpectAsync(HttpStatusCode.OK)).AsArray(), r => (string)r!["name"]! == name);
        await again.ExpectProblemAsync(HttpStatusCode.Conflict, name);
        Assert.Equal(["name is required"], (await blank.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("name"));
        Assert.Contains("256", (await tooLong.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("name").Single());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Admin_CreatesAUserWithDepartmentRolesAndSupervisor_WhoCanSignIn(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var userName = Api.NewId("user");

        var response = await admin.PostJsonAsync($"{Org}/users", UserJson(userName, department: "health-committee", supervisor: "health-head", roles: ["health-expert", "designer"]));

        var created = await response.ExpectObjectAsync(HttpStatusCode.Created);
        Assert.Equal($"{Org}/users/{userName}", response.Headers.Location?.OriginalString);
        Assert.Equal(("health-committee", "health-head", $"{userName}@example.org"), ((string)created["department"]!, (string)created["supervisor"]!, (string)created["email"]!));
        Assert.Equal(["designer", "health-expert"], created["roles"]!.AsArray().Select(r => (string)r!));
        var listed = (await (await admin.GetAsync($"{Org}/users")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(u => (string)u!["userName"]! == userName)!;
        Assert.Equal(["designer", "health-expert"], listed["roles"]!.AsArray().Select(r => (string)r!));
        var client = await server.ClientForAsync(userName, Setup.UserPassword);
        await (await client.PostJsonAsync("/api/workflow-definitions", Flows.Approval(Api.NewId("by-new-designer")))).ExpectAsync(HttpStatusCode.Created);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task CreateUser_ReturnsValidationProblem_NamingEachBadReference(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");
        var userName = Api.NewId("user");

        var response = await admin.PostJsonAsync($"{Org}/users", UserJson(userName, department: "nowhere", supervisor: "nobody", roles: ["health-expert", "astronaut"]));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["no department 'nowhere'"], problem.ErrorsFor("department"));
        Assert.Equal(["no user 'nobody'"], problem.ErrorsFor("supervisor"));
        Assert.Equal(["no role 'astronaut'"], problem.ErrorsFor("roles"));
        Assert.DoesNotContain((await (await admin.GetAsync($"{Org}/users")).ExpectAsync(HttpStatusCode.OK)).AsArray(), u => (string)u!["userName"]! == userName);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task CreateUser_ReturnsValidationProblem_ForMissingOrUnacceptableValues(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");

        var missing = await admin.PostJsonAsync($"{Org}/users", """{ "email": "x@example.org" }""");
        var weak = await admin.PostJsonAsync($"{Org}/users", UserJson(Api.NewId("user"), password: "short"));
        var longName = await admin.PostJsonAsync($"{Org}/users", UserJson(Api.NewId("user"), displayName: new string('名', 257)));

        var problem = await missing.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["userName is required"], problem.ErrorsFor("userName"));
        Assert.Equal(["password is required"], problem.ErrorsFor("password"));
        Assert.Equal(["displayName is required"], problem.ErrorsFor("displayName"));
        await weak.ExpectProblemAsync(HttpStatusCode.BadRequest, "PasswordMinLength");
        Assert.Contains("256", (await longName.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("displayName").Single());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task CreateUser_ReturnsConflict_WhenTheUserNameExists(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");

        var response = await admin.PostJsonAsync($"{Org}/users", UserJson("drafter"));

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "'drafter'");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task UpdateUser_ChangesDetailsRolesAndPassword(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var userName = Api.NewId("user");
        await (await admin.PostJsonAsync($"{Org}/users", UserJson(userName, department: "finance", roles: ["finance"]))).ExpectAsync(HttpStatusCode.Created);

        var response = await admin.PutJsonAsync($"{Org}/users/{userName}",
            """{ "displayName": "新名字", "department": "emergency", "supervisor": "emergency", "roles": ["emergency-bureau", "designer"], "password": "NewPassw0rd" }""");

        var updated = await response.ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal(("新名字", "emergency", "emergency"), ((string)updated["displayName"]!, (string)updated["department"]!, (string)updated["supervisor"]!));
        Assert.Equal(["designer", "emergency-bureau"], updated["roles"]!.AsArray().Select(r => (string)r!));
        var listed = (await (await admin.GetAsync($"{Org}/users")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(u => (string)u!["userName"]! == userName)!;
        Assert.Equal(["designer", "emergency-bureau"], listed["roles"]!.AsArray().Select(r => (string)r!));
        var anonymous = server.CreateClient();
        await (await anonymous.PostJsonAsync("/api/auth/token", $$"""{ "userName": "{{userName}}", "password": "{{Setup.UserPassword}}" }""")).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostJsonAsync("/api/auth/token", $$"""{ "userName": "{{userName}}", "password": "NewPassw0rd" }""")).ExpectAsync(HttpStatusCode.OK);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task UpdateUser_AnEmptyStringClearsEmailDepartmentAndSupervisor_AFieldLeftOutIsKept(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var userName = Api.NewId("user");
        await (await admin.PostJsonAsync($"{Org}/users", UserJson(userName, department: "finance", supervisor: "health-head"))).ExpectAsync(HttpStatusCode.Created);

        var kept = await (await admin.PutJsonAsync($"{Org}/users/{userName}", """{ "displayName": "只改名字" }""")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal(("finance", "health-head", $"{userName}@example.org"), ((string?)kept["department"], (string?)kept["supervisor"], (string?)kept["email"]));

        var cleared = await (await admin.PutJsonAsync($"{Org}/users/{userName}", """{ "email": "", "department": "", "supervisor": "" }"""))
            .ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal(((string?)null, (string?)null, (string?)null), ((string?)cleared["department"], (string?)cleared["supervisor"], (string?)cleared["email"]));
        var listed = (await (await admin.GetAsync($"{Org}/users")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(u => (string)u!["userName"]! == userName)!;
        Assert.Null((string?)listed["supervisor"]);
        Assert.Equal("只改名字", (string?)listed["displayName"]);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task UpdateUser_ReturnsValidationProblem_ForBadReferences_AndNotFound_ForAnUnknownUser(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");
        var userName = Api.NewId("user");
        await (await admin.PostJsonAsync($"{Org}/users", UserJson(userName))).ExpectAsync(HttpStatusCode.Created);
        var unknown = Api.NewId("nobody");

        var self = await admin.PutJsonAsync($"{Org}/users/{userName}", $$"""{ "supervisor": "{{userName}}" }""");
        var badRole = await admin.PutJsonAsync($"{Org}/users/{userName}", """{ "roles": ["astronaut"], "department": "nowhere" }""");
        var missing = await admin.PutJsonAsync($"{Org}/users/{unknown}", """{ "displayName": "无" }""");

        Assert.Equal(["a person cannot supervise themselves"], (await self.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("supervisor"));
        var problem = await badRole.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["no role 'astronaut'"], problem.ErrorsFor("roles"));
        Assert.Equal(["no department 'nowhere'"], problem.ErrorsFor("department"));
        await missing.ExpectProblemAsync(HttpStatusCode.NotFound, "UserNotFound", unknown);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task DeleteUser_RemovesThePerson_WhoCanNoLongerSignIn(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var userName = Api.NewId("user");
        await (await admin.PostJsonAsync($"{Org}/users", UserJson(userName, roles: ["drafter"]))).ExpectAsync(HttpStatusCode.Created);

        await (await admin.DeleteAsync($"{Org}/users/{userName}")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.DoesNotContain((await (await admin.GetAsync($"{Org}/users")).ExpectAsync(HttpStatusCode.OK)).AsArray(), u => (string)u!["userName"]! == userName);
        await (await server.CreateClient().PostJsonAsync("/api/auth/token", $$"""{ "userName": "{{userName}}", "password": "{{Setup.UserPassword}}" }"""))
            .ExpectAsync(HttpStatusCode.Unauthorized);
        await (await admin.DeleteAsync($"{Org}/users/{userName}")).ExpectProblemAsync(HttpStatusCode.NotFound, userName);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task DeleteUser_RefusesToRemoveTheCallersOwnAccount(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");

        var response = await admin.DeleteAsync($"{Org}/users/admin");

        Assert.Equal(["you cannot remove your own account"], (await response.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("userName"));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Writes_AreForbidden_ToEveryoneButAdministrators(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var userName = Api.NewId("user");

        await (await designer.PostJsonAsync($"{Org}/departments", $$"""{ "code": "{{Api.NewId("dept")}}", "name": "x" }""")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await designer.PostJsonAsync($"{Org}/roles", $$"""{ "name": "{{Api.NewId("role")}}", "displayName": "x" }""")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await designer.PostJsonAsync($"{Org}/users", UserJson(userName))).ExpectAsync(HttpStatusCode.Forbidden);
        await (await designer.PutJsonAsync($"{Org}/users/drafter", """{ "displayName": "改名" }""")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await designer.DeleteAsync($"{Org}/users/drafter")).ExpectAsync(HttpStatusCode.Forbidden);

        var users = (await (await designer.GetAsync($"{Org}/users")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal("褚经办", (string)users.Single(u => (string)u!["userName"]! == "drafter")!["displayName"]!);
        Assert.DoesNotContain(users, u => (string)u!["userName"]! == userName);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Admin_RenamesADepartment_WhoseCodeStays(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var code = Api.NewId("dept");
        await (await admin.PostJsonAsync($"{Org}/departments", $$"""{ "code": "{{code}}", "name": "区数据局", "parentCode": "district-gov" }""")).ExpectAsync(HttpStatusCode.Created);

        var renamed = await (await admin.PutJsonAsync($"{Org}/departments/{code}", """{ "name": "区政务服务和数据管理局" }""")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal((code, "区政务服务和数据管理局", "district-gov"), ((string)renamed["code"]!, (string)renamed["name"]!, (string)renamed["parentCode"]!));
        var listed = (await (await admin.GetAsync($"{Org}/departments")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(d => (string)d!["code"]! == code)!;
        Assert.Equal("区政务服务和数据管理局", (string)listed["name"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task RenameDepartment_RefusesABlankOrLongName_AnUnknownDepartment_AndEveryoneButAdministrators(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var code = Api.NewId("dept");
        await (await admin.PostJsonAsync($"{Org}/departments", $$"""{ "code": "{{code}}", "name": "区数据局" }""")).ExpectAsync(HttpStatusCode.Created);

        var blank = await admin.PutJsonAsync($"{Org}/departments/{code}", """{ "name": " " }""");
        var tooLong = await admin.PutJsonAsync($"{Org}/departments/{code}", $$"""{ "name": "{{new string('名', 513)}}" }""");
        var unknown = await admin.PutJsonAsync($"{Org}/departments/nowhere", """{ "name": "无" }""");
        var designer = await (await server.ClientForAsync("designer")).PutJsonAsync($"{Org}/departments/{code}", """{ "name": "改名" }""");
        var anonymous = await server.CreateClient().PutJsonAsync($"{Org}/departments/{code}", """{ "name": "改名" }""");

        Assert.Equal(["name is required"], (await blank.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("name"));
        Assert.Contains("at most", (await tooLong.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("name").Single());
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "nowhere");
        Assert.Equal(HttpStatusCode.Forbidden, designer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var kept = (await (await admin.GetAsync($"{Org}/departments")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(d => (string)d!["code"]! == code)!;
        Assert.Equal("区数据局", (string)kept["name"]!);
    }

    private static string UserJson(string userName, string? department = null, string? supervisor = null, string[]? roles = null,
        string password = Setup.UserPassword, string displayName = "测试用户") => new JsonObject
        {
            ["userName"] = userName,
            ["displayName"] = displayName,
            ["email"] = $"{userName}@example.org",
            ["password"] = password,
            ["department"] = department,
            ["supervisor"] = supervisor,
            ["roles"] = new JsonArray([.. (roles ?? []).Select(r => JsonValue.Create(r))]),
        }.ToJsonString();
}
