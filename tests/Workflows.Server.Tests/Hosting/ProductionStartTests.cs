using System.Net;

namespace Workflows.Server.Tests.Hosting;

/// <summary>Outside Development the server refuses to start without the settings it cannot guess, and says which.</summary>
public sealed class ProductionStartTests
{
    private const string SigningKey = "Workflows:Auth:SigningKey";

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Production_RefusesToStart_WithoutTheFirstAdministrator(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        await using var server = new ServerFactory(provider) { EnvironmentName = "Production" };

        var refusal = Assert.ThrowsAny<Exception>(() => server.Server);

        Assert.Contains("Workflows:Admin:UserName and Workflows:Admin:Password are required", Messages(refusal));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Production_RefusesToStart_WithoutASigningKey(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        await using var server = new ServerFactory(provider)
        {
            EnvironmentName = "Production",
            Settings = { ["Workflows:Admin:UserName"] = "root", ["Workflows:Admin:Password"] = "Root@12345", [SigningKey] = "" },
        };

        var refusal = Assert.ThrowsAny<Exception>(() => server.Server);

        Assert.Contains($"{SigningKey} is required", Messages(refusal));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Production_RefusesToStart_WithAShortSigningKey(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        await using var server = new ServerFactory(provider)
        {
            EnvironmentName = "Production",
            Settings = { ["Workflows:Admin:UserName"] = "root", ["Workflows:Admin:Password"] = "Root@12345", [SigningKey] = "short" },
        };

        var refusal = Assert.ThrowsAny<Exception>(() => server.Server);

        Assert.Contains($"{SigningKey} must be at least 32 characters", Messages(refusal));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Production_StartsWithBoth_CreatingTheAdministratorButNoDemoAccounts(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        await using var server = new ServerFactory(provider)
        {
            EnvironmentName = "Production",
            Settings = { ["Workflows:Admin:UserName"] = "root", ["Workflows:Admin:Password"] = "Root@12345" },
        };

        var root = await server.ClientForAsync("root", "Root@12345");

        await (await root.GetAsync("/api/org/users")).ExpectAsync(HttpStatusCode.OK);
        await (await server.CreateClient().PostJsonAsync("/api/auth/token", """{ "userName": "drafter", "password": "Demo@12345" }""")).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await server.CreateClient().PostJsonAsync("/api/auth/token", """{ "userName": "admin", "password": "Admin@12345" }""")).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    /// <summary>The refusal's message with those of every exception inside it.</summary>
    private static string Messages(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(i => i.Message));
            }
        }
        return string.Join(" | ", messages);
    }
}
