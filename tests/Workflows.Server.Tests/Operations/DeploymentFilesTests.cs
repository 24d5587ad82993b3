using YamlDotNet.RepresentationModel;

namespace Workflows.Server.Tests.Operations;

/// <summary>No Docker engine runs here, so the deployment files are checked for what can be checked: they parse and say what production needs.</summary>
public sealed class DeploymentFilesTests
{
    private static string RepositoryFile(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Workflows.sln")))
            {
                return Path.Combine(folder.FullName, name);
            }
        }
        throw new FileNotFoundException($"no {name} above {AppContext.BaseDirectory}");
    }

    private static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(RepositoryFile("docker-compose.yml"))));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)]).Value!;

    [Fact]
    public void Compose_RunsTheAppOnSqlServer2022WithAMailCatcher_AndWaitsForTheDatabase()
    {
        var services = Map(Compose(), "services");

        Assert.StartsWith("mcr.microsoft.com/mssql/server:2022", Scalar(Map(services, "sqlserver"), "image"));
        Assert.Contains("sqlcmd", Map(services, "sqlserver").Children[new YamlScalarNode("healthcheck")].ToString());
        Assert.Contains("/var/opt/mssql", Map(services, "sqlserver").Children[new YamlScalarNode("volumes")].ToString());
        Assert.Equal("service_healthy", Scalar(Map(Map(Map(services, "app"), "depends_on"), "sqlserver"), "condition"));
        Assert.Contains("8025", Map(services, "mail").Children[new YamlScalarNode("ports")].ToString());
        var environment = Map(Map(services, "app"), "environment");
        Assert.Equal("SqlServer", Scalar(environment, "Workflows__Database__Provider"));
        Assert.Contains("Server=sqlserver", Scalar(environment, "ConnectionStrings__Workflows"));
        foreach (var required in new[] { "Workflows__Admin__Password", "Workflows__Auth__SigningKey" })
        {
            Assert.Contains(":?", Scalar(environment, required));
        }
    }

    [Fact]
    public void Dockerfile_IsMultiStage_RunsAsNonRoot_AndHasAHealthCheck()
    {
        var dockerfile = File.ReadAllLines(RepositoryFile("Dockerfile"));

        Assert.Equal(2, dockerfile.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Contains(dockerfile, l => l.StartsWith("USER $APP_UID", StringComparison.Ordinal));
        Assert.Contains(dockerfile, l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        Assert.Contains(dockerfile, l => l.Contains("--health", StringComparison.Ordinal));
    }
}
