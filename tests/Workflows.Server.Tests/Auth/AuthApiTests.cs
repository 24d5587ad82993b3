using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Persistence.Organisation;

namespace Workflows.Server.Tests.Auth;

public sealed class AuthApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Token = "/api/auth/token";

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Token_ForGoodCredentials_IsABearerTokenThatOpensTheApi(Provider provider)
    {
        var server = shared.For(provider);
        var client = server.CreateClient();

        var token = await (await client.PostJsonAsync(Token, """{ "userName": "drafter", "password": "Demo@12345" }""")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal(("Bearer", 8 * 3600), ((string)token["tokenType"]!, (int)token["expiresIn"]!));
        await (await client.GetAsync("/api/org/roles")).ExpectAsync(HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["accessToken"]!);
        await (await client.GetAsync("/api/org/roles")).ExpectAsync(HttpStatusCode.OK);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Token_ReturnsUnauthorized_AlikeForAWrongPasswordAndAnUnknownUser(Provider provider)
    {
        var (userName, _) = await shared.For(provider).NewUserAsync();
        var client = shared.For(provider).CreateClient();

        var wrongPassword = await client.PostJsonAsync(Token, $$"""{ "userName": "{{userName}}", "password": "not-the-password" }""");
        var unknownUser = await client.PostJsonAsync(Token, $$"""{ "userName": "{{Api.NewId("nobody")}}", "password": "{{Setup.UserPassword}}" }""");

        var first = await wrongPassword.ExpectProblemAsync(HttpStatusCode.Unauthorized, "wrong user name or password");
        var second = await unknownUser.ExpectProblemAsync(HttpStatusCode.Unauthorized, "wrong user name or password");
        Assert.Equal((string?)first["detail"], (string?)second["detail"]);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Token_ReturnsValidationProblem_NamingAMissingUserNameOrPassword(Provider provider)
    {
        var client = shared.For(provider).CreateClient();

        var problem = await (await client.PostJsonAsync(Token, """{ "userName": " " }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["userName is required"], problem.ErrorsFor("userName"));
        Assert.Equal(["password is required"], problem.ErrorsFor("password"));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Token_IsRefusedEvenForTheRightPassword_AfterFiveFailedLoginsFromTheSameAddress(Provider provider)
    {
        var server = shared.For(provider);
        var (userName, _) = await server.NewUserAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await (await server.PostTokenFromAsync("203.0.113.7", userName, $"guess-{attempt}"))
                .ExpectProblemAsync(HttpStatusCode.Unauthorized, "wrong user name or password");
        }

        var right = await server.PostTokenFromAsync("203.0.113.7", userName, Setup.UserPassword);

        await right.ExpectProblemAsync(HttpStatusCode.Unauthorized, "too many failed sign-ins for this account from your address; try again after");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task FailedLoginsFromElsewhere_DoNotLockThePersonOut(Provider provider)
    {
        var server = shared.For(provider);
        var (userName, _) = await server.NewUserAsync();
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            await (await server.PostTokenFromAsync("198.51.100.9", userName, $"guess-{attempt}")).ExpectAsync(HttpStatusCode.Unauthorized);
        }

        var fromTheOffice = await server.PostTokenFromAsync("192.0.2.44", userName, Setup.UserPassword);

        await fromTheOffice.ExpectAsync(HttpStatusCode.OK);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AnUnknownAccount_GetsTheSameAnswers_AsARealOne_IncludingWhenThrottled(Provider provider)
    {
        var server = shared.For(provider);
        var (real, _) = await server.NewUserAsync();
        var unknown = Api.NewId("nobody");
        var answers = new Dictionary<string, List<string?>> { [real] = [], [unknown] = [] };
        foreach (var account in answers.Keys)
        {
            for (var attempt = 1; attempt <= 6; attempt++)
            {
                var problem = await (await server.PostTokenFromAsync("203.0.113.80", account, $"guess-{attempt}")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
                answers[account].Add(Regex.Replace((string?)problem["detail"] ?? "", @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", "TIME"));
            }
        }

        Assert.Equal(answers[real], answers[unknown]);
        Assert.Contains("too many failed sign-ins", answers[unknown][^1]);
    }

    [Fact]
    public async Task AnUnknownAccount_CostsTheSamePasswordHashing_AsARealOne()
    {
        // The real hasher, counted: the time an answer takes is the hashing, so equal work means equal time.
        var counted = new CountingHasher();
        await using var server = new ServerFactory
        {
            TestServices = s => s.AddScoped<IPasswordHasher<WorkflowUser>>(sp =>
                counted.Wrap(ActivatorUtilities.CreateInstance<PasswordHasher<WorkflowUser>>(sp))),
        };
        var (real, _) = await server.NewUserAsync();

        var before = counted.Verifications;
        await (await server.PostTokenFromAsync("203.0.113.90", real, "wrong-password")).ExpectAsync(HttpStatusCode.Unauthorized);
        var forReal = counted.Verifications - before;
        before = counted.Verifications;
        await (await server.PostTokenFromAsync("203.0.113.91", Api.NewId("nobody"), "wrong-password")).ExpectAsync(HttpStatusCode.Unauthorized);
        var forUnknown = counted.Verifications - before;

        Assert.Equal((1, 1), (forReal, forUnknown));
    }

    private sealed class CountingHasher
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public IPasswordHasher<WorkflowUser> Wrap(
            IPasswordHasher<WorkflowUser> inner) => new Counting(inner, this);

        private sealed class Counting(IPasswordHasher<WorkflowUser> inner, CountingHasher owner)
            : IPasswordHasher<WorkflowUser>
        {
            public string HashPassword(WorkflowUser user, string password) => inner.HashPassword(user, password);

            public PasswordVerificationResult VerifyHashedPassword(
                WorkflowUser user, string hashedPassword, string providedPassword)
            {
                Interlocked.Increment(ref owner._verifications);
                return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task FailedLogins_AreForgotten_AfterASuccessfulOne(Provider provider)
    {
        var (userName, _) = await shared.For(provider).NewUserAsync();
        var client = shared.For(provider).CreateClient();
        for (var round = 0; round < 2; round++)
        {
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                await (await client.PostJsonAsync(Token, $$"""{ "userName": "{{userName}}", "password": "guess-{{attempt}}" }""")).ExpectAsync(HttpStatusCode.Unauthorized);
            }
            await (await client.PostJsonAsync(Token, $$"""{ "userName": "{{userName}}", "password": "{{Setup.UserPassword}}" }""")).ExpectAsync(HttpStatusCode.OK);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AForgedOrGarbledToken_IsUnauthorized(Provider provider)
    {
        var server = shared.For(provider);
        var valid = (await server.ClientForAsync("admin")).DefaultRequestHeaders.Authorization!.Parameter!;
        var client = server.CreateClient();

        foreach (var token in new[] { "not-a-token", valid[..^4] + "AAAA", valid.Replace('.', '!') })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await (await client.GetAsync("/api/org/roles")).ExpectAsync(HttpStatusCode.Unauthorized);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TheTokenOfARemovedUser_StopsWorking(Provider provider)
    {
        var server = shared.For(provider);
        var (userName, client) = await server.NewUserAsync();
        await (await client.GetAsync("/api/org/roles")).ExpectAsync(HttpStatusCode.OK);

        await (await (await server.ClientForAsync("admin")).DeleteAsync($"/api/org/users/{userName}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await client.GetAsync("/api/org/roles")).ExpectAsync(HttpStatusCode.Unauthorized);
    }
}
