using System.Text.Json.Nodes;
using Workflows.Core.Runtime;

namespace Workflows.Core.Activities;

/// <summary>
/// 签发: the draft a GenerateDocument step made in this instance takes its number and date, is rendered and frozen,
/// after the commit. Placed after the step where the signer approved it; the signer defaults to who completed it.
/// </summary>
[Activity("SignOffDocument", DisplayName = "签发文书 Sign off document", Category = "Documents", Description = "Numbers, dates and freezes a draft document.")]
public sealed class SignOffDocument : Activity
{
    public static readonly ActivityInput<string> Document = new("document", required: true, description: "The id of the GenerateDocument step whose draft is signed off.");
    public static readonly ActivityInput<string> Publicity = new("publicity", description: "public, onRequest or notPublic (or 主动公开, 依申请公开, 不予公开); the template's default when empty.");
    public static readonly ActivityInput<string> Signer = new("signer", description: "Who signed; the last task's actor when empty.");

    public override ActivityResult Execute(ActivityContext context)
    {
        context.RecordSideEffect(SideEffectKinds.Document, new JsonObject
        {
            [Document.Name] = context.Get(Document),
            [Publicity.Name] = context.Get(Publicity),
            [Signer.Name] = context.Get(Signer) ?? context.Instance.LastTask?["actor"]?.GetValue<string>(),
        });
        return ActivityResult.Done();
    }
}
