using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Server.Tests.Auth;

/// <summary>Walks every mapped API endpoint, so a new endpoint without the right protection fails here.</summary>
public sealed class EndpointSecurityTests(SharedServer server) : IClassFixture<SharedServer>
{
    private static readonly HashSet<string> Anonymous = ["POST /api/auth/token"];

    public static IEnumerable<(string Method, string Route, RouteEndpoint Endpoint)> ApiEndpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText!, e)));

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task EveryApiEndpoint_WithoutToken_Returns401(Provider provider)
    {
        var factory = server.For(provider);
        var client = factory.CreateClient();
        var endpoints = ApiEndpoints(factory.Services).Where(e => !Anonymous.Contains($"{e.Method} {e.Route}")).ToList();
        Assert.True(endpoints.Count >= 20, $"expected the whole API, found {endpoints.Count} endpoints");

        foreach (var (method, route, _) in endpoints)
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), Concrete(route)));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {route} answered {(int)response.StatusCode} without a token");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task EveryAdminOrDesignerEndpoint_ForAPlainUser_Returns403(Provider provider)
    {
        var factory = server.For(provider);
        var drafter = await factory.ClientForAsync("drafter");
        var guarded = Guarded(factory, "admin", "designer");
        Assert.True(guarded.Count >= 10, $"expected the admin and designer endpoints, found {guarded.Count}");

        foreach (var (method, route) in guarded)
        {
            var response = await drafter.SendAsync(Request(method, route));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {route} answered {(int)response.StatusCode} to a drafter");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task EveryAdminEndpoint_ForADesigner_Returns403_WhileDesignerEndpointsLetThemIn(Provider provider)
    {
        var factory = server.For(provider);
        var designer = await factory.ClientForAsync("designer");
        var adminOnly = Guarded(factory, "admin");
        var designerOnly = Guarded(factory, "designer");
        Assert.True(adminOnly.Count >= 5 && designerOnly.Count >= 5, $"found {adminOnly.Count} admin and {designerOnly.Count} designer endpoints");

        foreach (var (method, route) in adminOnly)
        {
            var response = await designer.SendAsync(Request(method, route));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {route} answered {(int)response.StatusCode} to a designer");
        }
        foreach (var (method, route) in designerOnly)
        {
            var response = await designer.SendAsync(Request(method, route));
            Assert.False(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{method} {route} refused a designer");
        }
    }

    /// <summary>The endpoints whose policy is one of <paramref name="policies"/>.</summary>
    private static List<(string Method, string Route)> Guarded(ServerFactory factory, params string[] policies) =>
        [.. ApiEndpoints(factory.Services)
            .Where(e => e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => policies.Contains(a.Policy)))
            .Select(e => (e.Method, e.Route))];

    private static HttpRequestMessage Request(string method, string route)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Concrete(route));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }
        return request;
    }

    private static string Concrete(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+)(:int)?\}", m => m.Groups[2].Success ? "1" : "x");
}
