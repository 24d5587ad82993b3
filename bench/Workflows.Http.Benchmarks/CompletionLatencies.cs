using System.Net;
using System.Text.Json.Nodes;

namespace Workflows.Http.Benchmarks;

/// <summary>
/// Completing the signer's own open tasks, as their task page does: the first outcome that needs no comment, the
/// form's required plain fields filled in. A task whose form needs a file or a person is left alone.
/// <c>afterEach</c> runs after each completion, to time what a step costs the pages that look next.
/// </summary>
public static class CompletionLatencies
{
    private static readonly HashSet<string> Fillable = ["text", "textarea", "number", "date", "select", "radio", "checkbox", "boolean"];

    public static async Task<Latencies> RunAsync(WorkflowsApi signer, int wanted, Func<Task>? afterEach = null)
    {
        var latencies = new Latencies();
        var inbox = await signer.GetAsync("/api/tasks?scope=mine&pageSize=200");
        foreach (var item in inbox!["items"]!.AsArray())
        {
            if (latencies.Count >= wanted)
            {
                break;
            }
            var id = item!["id"]!.GetValue<string>();
            var detail = await signer.GetAsync($"/api/tasks/{id}");
            var outcome = detail!["task"]!["outcomes"]!.AsArray().FirstOrDefault(o => o?["requiresComment"]?.GetValue<bool>() != true)?["name"]?.GetValue<string>();
            var data = Answers(detail["form"]);
            if (outcome is null || data is null)
            {
                continue;
            }
            var (status, elapsed, _) = await signer.TimedAsync(HttpMethod.Post, $"/api/tasks/{id}/complete", new { outcome, data });
            if (status == HttpStatusCode.OK)
            {
                latencies.Add(elapsed);
                await (afterEach?.Invoke() ?? Task.CompletedTask);
            }
        }
        return latencies;
    }

    private static JsonObject? Answers(JsonNode? form)
    {
        var data = new JsonObject();
        foreach (var field in form?["fields"]?.AsArray() ?? [])
        {
            if (field?["required"]?.GetValue<bool>() != true)
            {
                continue;
            }
            var type = field["type"]?.GetValue<string>() ?? "text";
            if (!Fillable.Contains(type))
            {
                return null;
            }
            var name = field["name"]!.GetValue<string>();
            data[name] = type switch
            {
                "number" => 1,
                "date" => DateTime.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                "boolean" or "checkbox" => true,
                "select" or "radio" => field["options"]?.AsArray().FirstOrDefault() is { } first ? (first["value"] ?? first).DeepClone() : "同意",
                _ => "经审核，同意。",
            };
        }
        return data;
    }
}
