using System.Text.Json;
using Workflows.Core.Definitions;

namespace Workflows.Core.Tests.Definitions;

/// <summary>Text that is not a definition fails to load with a <see cref="DefinitionFormatException"/> saying where.</summary>
public sealed class FormatErrorTests
{
    [Theory]
    // A missing comma between properties: the error is at the second property's opening quote.
    [InlineData("{\n  \"definitionId\": \"leave\"\n  \"name\": \"请假\"\n}", 3, 3, "'\"' is invalid after a value")]
    // A property name without quotes.
    [InlineData("{\n  \"definitionId\": \"leave\",\n  name: \"请假\"\n}", 3, 3, "'n' is an invalid start of a property name")]
    // An unterminated string runs to the end of the line.
    [InlineData("{ \"definitionId\": \"leave\n}", 1, 25, "")]
    // Something after the document.
    [InlineData("{ \"definitionId\": \"leave\" } x", 1, 29, "'x' is invalid after a single JSON value")]
    public void MalformedJson_NamesLineAndColumn(string json, int line, int column, string reason)
    {
        var error = Assert.Throws<DefinitionFormatException>(() => WorkflowDefinitionSerializer.Deserialize(json));

        Assert.StartsWith($"not a valid workflow definition at line {line}, column {column}: {reason}", error.Message);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.DoesNotContain("Path:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\n  \"definitionId\": 42\n}", 2, 21, "'definitionId' must be text in quotes")]
    [InlineData("{ \"definitionId\": \"x\",\n  \"root\": { \"activities\": { \"id\": \"start\" } } }", 2, 28, "'root.activities' must be a list [ … ]")]
    [InlineData("{ \"definitionId\": \"x\", \"root\": { \"activities\": [ { \"id\": \"a\", \"inputs\": [] } ] } }", 1, 74, "'root.activities[0].inputs' must be an object { … }")]
    [InlineData("{ \"definitionId\": \"x\", \"version\": \"three\" }", 1, 42, "'version' must be a whole number")]
    [InlineData("{ \"definitionId\": \"x\", \"isLatest\": 1 }", 1, 37, "'isLatest' must be true or false")]
    [InlineData("{ \"definitionId\": \"x\", \"metadata\": 5 }", 1, 37, "'metadata' must be an object { … }")]
    [InlineData("[ { \"definitionId\": \"x\" } ]", 1, 2, "the document must be an object { … }")]
    public void JsonOfTheWrongShape_SaysWhatWasExpectedWhere(string json, int line, int column, string reason)
    {
        var error = Assert.Throws<DefinitionFormatException>(() => WorkflowDefinitionSerializer.Deserialize(json));

        Assert.Equal($"not a valid workflow definition at line {line}, column {column}: {reason}", error.Message);
    }

    [Fact]
    public void TheColumn_CountsCharacters_NotUtf8Bytes()
    {
        // Four Chinese characters (12 bytes in UTF-8) before the error: the editor's column is 19, not 27.
        var json = "{\n  \"definitionId\": \"x\",\n  \"name\": \"请假审批\", oops\n}";

        var error = Assert.Throws<DefinitionFormatException>(() => WorkflowDefinitionSerializer.Deserialize(json));

        Assert.StartsWith("not a valid workflow definition at line 3, column 19: ", error.Message);
        Assert.Contains("'o' is an invalid start of a property name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    [InlineData("\"a definition\"")]
    [InlineData("<workflow/>")]
    public void TextThatIsNoDefinitionAtAll_IsAFormatError(string json)
    {
        var error = Assert.Throws<DefinitionFormatException>(() => WorkflowDefinitionSerializer.Deserialize(json));

        Assert.StartsWith("not a valid workflow definition at line 1, column ", error.Message);
    }

    [Fact]
    public void JsonNull_IsAFormatError()
    {
        var error = Assert.Throws<DefinitionFormatException>(() => WorkflowDefinitionSerializer.Deserialize("null"));

        Assert.Equal("the file holds JSON null, not a workflow definition", error.Message);
    }

    [Theory]
    [InlineData("""{ "definitionId": "x", "root": null }""", "root")]
    [InlineData("""{ "definitionId": "x", "root": { "activities": null } }""", "root.activities")]
    [InlineData("""{ "definitionId": "x", "root": { "activities": [ { "id": "start", "type": "Start" }, null ] } }""", "root.activities[1]")]
    [InlineData("""{ "definitionId": "x", "root": { "activities": [ { "id": "a", "type": null } ] } }""", "root.activities[0].type")]
    [InlineData("""{ "definitionId": "x", "root": { "activities": [ { "id": "a", "type": "End", "inputs": { "result": null } } ] } }""", "root.activities[0].inputs.result")]
    [InlineData("""{ "definitionId": "x", "root": { "activities": [ { "id": "a", "type": "End", "inputs": { "result": { "type": null } } } ] } }""", "root.activities[0].inputs.result.type")]
    [InlineData("""{ "definitionId": "x", "root": { "connections": [ null ] } }""", "root.connections[0]")]
    [InlineData("""{ "definitionId": "x", "root": { "connections": [ { "source": null, "target": { "activity": "a", "port": "In" } } ] } }""", "root.connections[0].source")]
    [InlineData("""{ "definitionId": "x", "root": { "connections": [ { "source": { "activity": "a", "port": "Done" }, "target": { "activity": null } } ] } }""", "root.connections[0].target.activity")]
    [InlineData("""{ "definitionId": "x", "inputs": [ { "name": "a", "type": null } ] }""", "inputs[0].type")]
    [InlineData("""{ "definitionId": "x", "variables": [ null ] }""", "variables[0]")]
    [InlineData("""{ "definitionId": "x", "options": { "starterRoles": [ "drafter", null ] } }""", "options.starterRoles[1]")]
    [InlineData("""{ "definitionId": null }""", "definitionId")]
    public void NullWhereTheFormatHasNone_IsAFormatError_NamingThePath(string json, string path)
    {
        var error = Assert.Throws<DefinitionFormatException>(() => WorkflowDefinitionSerializer.Deserialize(json));

        Assert.Equal($"not a valid workflow definition: '{path}' is null, which is not allowed there", error.Message);
    }

    [Fact]
    public void NullWhereTheFormatAllowsIt_Loads()
    {
        var json = """
            { "definitionId": "x", "description": null, "options": null, "metadata": null,
              "variables": [ { "name": "v", "type": null, "value": null } ],
              "root": { "activities": [ { "id": "a", "type": "End", "name": null, "metadata": null,
                                          "inputs": { "result": { "type": "Literal", "value": null } } } ] } }
            """;

        var definition = WorkflowDefinitionSerializer.Deserialize(json);

        Assert.Null(definition.Root.Activities[0].Inputs["result"].Value);
    }
}
