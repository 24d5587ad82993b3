using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Elsa;

namespace Workflows.Core.Tests.Elsa;

/// <summary>Export to Elsa 3 JSON and import back gives the same definition, for every shipped procedure and the Elsa corpus.</summary>
public sealed class ElsaRoundTripTests
{
    public static TheoryData<string> Shipped() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Shipped))]
    public void ShippedProcedure_ExportedToElsa_ImportsBackUnchanged(string file)
    {
        var original = WorkflowDefinitionSerializer.Deserialize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", file)));

        var elsa = ElsaExporter.Export(original);
        var back = ElsaImporter.Convert(elsa.ToJsonString());

        Assert.Equal("Elsa.Flowchart", (string)elsa["root"]!["type"]!);
        Assert.All(elsa["root"]!["activities"]!.AsArray(), a => Assert.Matches("^(Elsa|Workflows)\\.", (string)a!["type"]!));
        Assert.Empty(back.Problems);
        Assert.Equal(Comparable(original), Comparable(back.Definition!));
    }

    [Fact]
    public void OurActivitiesWithoutAnElsaEquivalent_BecomeCustomEntriesWithTheirInputs()
    {
        var original = WorkflowDefinitionSerializer.Deserialize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "vehicle-scrapping.json")));

        var elsa = ElsaExporter.Export(original);

        var types = elsa["root"]!["activities"]!.AsArray().Select(a => (string)a!["type"]!).ToHashSet();
        Assert.Contains("Workflows.UserTask", types);
        Assert.Contains("Workflows.GenerateDocument", types);
        Assert.Contains("Elsa.Start", types);
        var task = elsa["root"]!["activities"]!.AsArray().First(a => (string)a!["type"]! == "Workflows.UserTask")!.AsObject();
        var ours = original.Root.Activities.First(a => a.Id == (string)task["id"]!);
        Assert.All(ours.Inputs.Keys, name => Assert.NotNull(task[name]?["expression"]));
    }

    public static TheoryData<string> Converted() =>
        [.. ElsaCorpusTests.CorpusFiles().Where(f => ElsaImporter.Convert(File.ReadAllText(f)).Definition is not null).Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Converted))]
    public void ImportedElsaFile_ExportedAgain_ImportsBackUnchanged(string file)
    {
        var imported = ElsaImporter.Convert(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Elsa", "ElsaCorpus", file))).Definition!;

        var back = ElsaImporter.Convert(ElsaExporter.Export(imported).ToJsonString());

        Assert.Equal(Comparable(imported), Comparable(back.Definition!));
    }

    private static string Comparable(WorkflowDefinition definition)
    {
        var copy = WorkflowDefinitionSerializer.Clone(definition);
        copy.Unknown = null;
        copy.Version = null;
        copy.IsLatest = null;
        copy.IsPublished = null;
        copy.Root.Unknown = null;
        foreach (var activity in copy.Root.Activities)
        {
            activity.Unknown = null;
            // A Join without a mode waits for all branches; the export writes that default out.
            if (activity.Type == "Join")
            {
                activity.Inputs.TryAdd("mode", ExpressionDefinition.Literal("all"));
            }
        }
        return WorkflowDefinitionSerializer.Serialize(copy);
    }
}
