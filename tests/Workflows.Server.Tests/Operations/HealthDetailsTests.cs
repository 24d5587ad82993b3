using System.Net;
using System.Net.Sockets;

namespace Workflows.Server.Tests.Operations;

public sealed class HealthDetailsTests
{
    [Fact]
    public async Task HealthDetails_ReportDatabaseHangfireAndSmtp()
    {
        await using var server = new ServerFactory();
        var client = server.CreateClient();

        var details = await (await client.GetAsync("/health/details")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal("Healthy", (string)details["checks"]!["database"]!["status"]!);
        Assert.Equal("Healthy", (string)details["checks"]!["hangfire"]!["status"]!);
        Assert.Equal("Healthy", (string)details["checks"]!["smtp"]!["status"]!);
        Assert.Contains(".eml", (string)details["checks"]!["smtp"]!["description"]!);
    }

    [Fact]
    public async Task AnSmtpServerThatDoesNotAnswer_IsDegraded_NotDown()
    {
        // A port that was free a moment ago: nothing listens there.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var server = new ServerFactory();
        server.Settings["Workflows:Smtp:Host"] = "127.0.0.1";
        server.Settings["Workflows:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var details = await (await server.CreateClient().GetAsync("/health/details")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal("Degraded", (string)details["status"]!);
        Assert.Equal("Degraded", (string)details["checks"]!["smtp"]!["status"]!);
        Assert.Contains($"127.0.0.1:{port}", (string)details["checks"]!["smtp"]!["description"]!);
    }
}
