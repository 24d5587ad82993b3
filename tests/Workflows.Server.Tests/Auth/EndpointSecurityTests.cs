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

    [Fact]
    public async Task EveryApiEndpoint_WithoutToken_Returns401()
    {
        var client = server.Factory.CreateClient();
        var endpoints = ApiEndpoints(server.Factory.Services).Where(e => !Anonymous.Contains($"{e.Method} {e.Route}")).ToList();
        Assert.True(endpoints.Count >= 20, $"expected the whole API, found {endpoints.Count} endpoints");

        foreach (var (method, route, _) in endpoints)
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), Concrete(route)));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {route} answered {(int)response.StatusCode} without a token");
        }
    }

    [Fact]
    public async Task EveryAdminOrDesignerEndpoint_ForAPlainUser_Returns403()
    {
        var drafter = await server.Factory.ClientForAsync("drafter");
        var guarded = ApiEndpoints(server.Factory.Services)
            .Where(e => e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is "admin" or "designer"))
            .ToList();
        Assert.True(guarded.Count >= 10, $"expected the admin and designer endpoints, found {guarded.Count}");

        foreach (var (method, route, _) in guarded)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), Concrete(route));
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }
            var response = await drafter.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {route} answered {(int)response.StatusCode} to a drafter");
        }
    }

    private static string Concrete(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+)(:int)?\}", m => m.Groups[2].Success ? "1" : "x");
}
