using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Elsa;
using Workflows.Core.Runtime;
using Workflows.Core.Triggers;
using Workflows.Core.Validation;

namespace Workflows.Core.Tests.Triggers;

/// <summary>Timer, Cron and HttpEndpoint as starts: their schedule, their checks, the HTTP answer, and their Elsa form.</summary>
public sealed class StartTriggerTests
{
    private static readonly TimeZoneInfo Office = new WorkflowEngineOptions().ResolveTimeZone();

    private static WorkflowDefinition Flow(string startType, string input, JsonNode value, string? next = null, string inputs = "[]") =>
        WorkflowDefinitionSerializer.Deserialize($$"""
            {
              "definitionId": "trigger-{{startType.ToLowerInvariant()}}", "name": "触发",
              "inputs": {{inputs}},
              "root": { "type": "Flowchart",
                "activities": [
                  { "id": "start", "type": "{{startType}}", "inputs": { "{{input}}": { "type": "Literal", "value": {{value.ToJsonString()}} } } },
                  {{next ?? """{ "id": "log", "type": "WriteLine", "inputs": { "text": { "type": "Literal", "value": "到点了" } } }"""}},
                  { "id": "done", "type": "End" } ],
                "connections": [
                  { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "{{(next is null ? "log" : "reply")}}", "port": "In" } },
                  { "source": { "activity": "{{(next is null ? "log" : "reply")}}", "port": "Done" }, "target": { "activity": "done", "port": "In" } } ] }
            }
            """);

    [Theory]
    [InlineData("PT30S", "*/30 * * * * *")]
    [InlineData("PT1M", "0 * * * * *")]
    [InlineData("PT15M", "0 */15 * * * *")]
    [InlineData("PT1H", "0 0 * * * *")]
    [InlineData("PT6H", "0 0 */6 * * *")]
    [InlineData("P1D", "0 0 0 * * *")]
    public void TimerInterval_BecomesTheCronItRecursOn(string interval, string cron) =>
        Assert.Equal(cron, StartSchedule.Of(Flow("Timer", "interval", interval))!.Cron);

    [Theory]
    [InlineData("Timer", "interval", "PT7M", "cannot be scheduled")]
    [InlineData("Timer", "interval", "P2D", "cannot be scheduled")]
    [InlineData("Cron", "cronExpression", "0 0 * * * * 2030", "not a cron expression")]
    [InlineData("Cron", "cronExpression", "BadCronExpression", "not a cron expression")]
    public void ScheduleThatCannotRun_IsAValidationErrorOnTheTrigger(string type, string input, string value, string message)
    {
        var problems = new EngineFixture().Validator.Validate(Flow(type, input, value));

        Assert.Contains(problems, p => p.Code == ValidationCodes.InvalidInput && p.ActivityId == "start" && p.Message.Contains(message));
    }

    [Fact]
    public void NextStart_ReadsTheCronOnTheOfficeClock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 0, 30, 0, TimeSpan.Zero));
        var schedule = StartSchedule.Of(Flow("Cron", "cronExpression", "0 9 * * 1-5"))!;

        var friday = schedule.NextAfter(clock.GetUtcNow(), Office);
        clock.Advance(TimeSpan.FromHours(1));
        var monday = schedule.NextAfter(clock.GetUtcNow(), Office);

        // 08:30 on Friday in Beijing is 00:30 UTC: the next start is 09:00 Beijing that day, then Monday's.
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero), friday);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), monday);
    }

    [Fact]
    public void ScheduledStart_MayNotRequireStartInputs_AndNothingMayLeadIntoATrigger()
    {
        var required = Flow("Cron", "cronExpression", "0 9 * * *", inputs: """[ { "name": "title", "label": "标题", "type": "text", "required": true } ]""");
        var loop = Flow("Timer", "interval", "PT1H");
        loop.Root.Connections.Add(new ConnectionDefinition
        {
            Source = new Endpoint { Activity = "log", Port = "Done" },
            Target = new Endpoint { Activity = "start", Port = "In" },
        });

        var validator = new EngineFixture().Validator;

        Assert.Contains(validator.Validate(required), p => p.Code == ValidationCodes.ScheduledStartInputs && p.Message.Contains("title"));
        Assert.Contains(validator.Validate(loop), p => p.ActivityId == "start" && p.Message.Contains("nothing may lead into"));
        Assert.DoesNotContain(validator.Validate(Flow("Timer", "interval", "PT1H")), p => p.Severity == ValidationSeverity.Error);
    }

    [Fact]
    public async Task HttpStart_WriteHttpResponseAnswersTheRequest_AndLaterHasNoRequestToAnswer()
    {
        const string reply = """
            { "id": "reply", "type": "WriteHttpResponse", "inputs": {
                "statusCode": { "type": "Literal", "value": 201 },
                "content": { "type": "JavaScript", "value": "({ got: variables.request.body.name })" } } }
            """;
        var fixture = new EngineFixture();
        var definition = Flow("HttpEndpoint", "path", "applications", next: reply);
        definition.Root.Activities[0].Inputs["requestVariable"] = ExpressionDefinition.Literal("request");
        fixture.Publish(definition);

        var answered = await fixture.Engine.StartAsync(new StartWorkflow(definition.DefinitionId)
        {
            HttpRequest = new JsonObject { ["method"] = "POST", ["path"] = "/applications", ["body"] = new JsonObject { ["name"] = "张三" } },
        });
        var unanswered = await fixture.StartAsync(definition.DefinitionId);

        Assert.Equal(WorkflowStatus.Completed, answered.Status);
        Assert.Equal(201, answered.Http!.Response!.StatusCode);
        Assert.Equal("""{"got":"张三"}""", answered.Http.Response.Content!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Null(unanswered.Http);
        Assert.Contains(await fixture.JournalAsync(unanswered.Id), e => e.Event == "HttpResponseWritten" && e.Message == "no request is waiting for an answer");
    }

    [Theory]
    [InlineData("Timer", "interval", "PT15M", "Elsa.Timer")]
    [InlineData("Cron", "cronExpression", "0 9 * * 1-5", "Elsa.Cron")]
    [InlineData("HttpEndpoint", "path", "applications/{kind}", "Elsa.HttpEndpoint")]
    public void Trigger_ExportsAsElsasOwnType_AndImportsBackUnchanged(string type, string input, string value, string elsaType)
    {
        var definition = Flow(type, input, value);

        var elsa = ElsaExporter.Export(definition);
        var back = ElsaImporter.Convert(elsa.ToJsonString()).Definition!;

        Assert.Equal(elsaType, (string)elsa["root"]!["activities"]![0]!["type"]!);
        Assert.Equal(type, back.Root.Activities[0].Type);
        Assert.Equal(value, back.Root.Activities[0].Inputs[input].Value!.ToString());
        Assert.DoesNotContain(back.Root.Activities, a => a.Type == StartTypes.Start);
    }
}
