using System.Text.Json.Nodes;
using Workflows.Core.Runtime;

namespace Workflows.Core.Activities;

/// <summary>
/// Asks for a document from a template, made after the commit. Issued at once (numbered, .docx and HTML attached), or,
/// with <c>draft</c>, as a draft without number that the 核稿 task edits and a later <see cref="SignOffDocument"/> (签发)
/// numbers and freezes.
/// </summary>
[Activity("GenerateDocument", DisplayName = "生成文书 Generate document", Category = "Documents", Description = "Generates a document from a template and attaches it.")]
public sealed class GenerateDocument : Activity
{
    public static readonly ActivityInput<string> Template = new("template", required: true, description: "The document template's key.");
    public static readonly ActivityInput<string> FileName = new("fileName", required: true);
    public static readonly ActivityInput<string> Title = new("title");
    public static readonly ActivityInput<JsonNode> Data = new("data", description: "Values the template fills in.");
    public static readonly ActivityInput<bool> Draft = new("draft", description: "Make an editable draft, numbered only when a SignOffDocument step signs it off.");

    public override ActivityResult Execute(ActivityContext context)
    {
        context.RecordSideEffect(SideEffectKinds.Document, new JsonObject
        {
            [Template.Name] = context.Get(Template),
            [FileName.Name] = context.Get(FileName),
            [Title.Name] = context.Get(Title),
            [Data.Name] = context.Evaluate(Data.Name),
            [Draft.Name] = context.Get(Draft),
        });
        return ActivityResult.Done();
    }
}
