using System.Text.Json.Nodes;
using Workflows.Core.Runtime;

namespace Workflows.Core.Activities;

/// <summary>Asks for a document (.docx and HTML) from a template, attached to the instance after the commit.</summary>
[Activity("GenerateDocument", DisplayName = "生成文书 Generate document", Category = "Documents", Description = "Generates a document from a template and attaches it.")]
public sealed class GenerateDocument : Activity
{
    public static readonly ActivityInput<string> Template = new("template", required: true, description: "The document template's key.");
    public static readonly ActivityInput<string> FileName = new("fileName", required: true);
    public static readonly ActivityInput<string> Title = new("title");
    public static readonly ActivityInput<JsonNode> Data = new("data", description: "Values the template fills in.");

    public override ActivityResult Execute(ActivityContext context)
    {
        context.RecordSideEffect(SideEffectKinds.Document, new JsonObject
        {
            [Template.Name] = context.Get(Template),
            [FileName.Name] = context.Get(FileName),
            [Title.Name] = context.Get(Title),
            [Data.Name] = context.Evaluate(Data.Name),
        });
        return ActivityResult.Done();
    }
}
