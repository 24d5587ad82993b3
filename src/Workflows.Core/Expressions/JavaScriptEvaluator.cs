using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Workflows.Core.Organisation;

namespace Workflows.Core.Expressions;

/// <summary>
/// Runs JavaScript expressions in Jint with no CLR access and limits on time, statements, memory and recursion.
/// A fresh engine per evaluation keeps instances from seeing each other's globals; parsed scripts are cached.
/// <c>departmentName(code)</c> gives a department's name, so documents and e-mails never show a code.
/// </summary>
public sealed class JavaScriptEvaluator(ExpressionOptions options, IOrganisationDirectory? organisation = null)
{
    private readonly ConcurrentDictionary<string, Prepared<Acornima.Ast.Script>> _scripts = new();

    public JsonNode? Evaluate(string script, ExpressionScope scope)
    {
        var prepared = Prepare(script);
        try
        {
            var engine = new Engine(o =>
            {
                o.LimitRecursion(options.JavaScriptMaxRecursion)
                    .TimeoutInterval(options.JavaScriptTimeout)
                    .MaxStatements(options.JavaScriptMaxStatements)
                    .LimitMemory(options.JavaScriptMemoryLimitBytes)
                    .DisableStringCompilation()
                    .Strict(false);
                // A regular expression runs inside one statement, out of the time limit's sight: it gets the same limit itself.
                o.Constraints.RegexTimeout = options.JavaScriptTimeout;
                o.Constraints.MaxArraySize = options.JavaScriptMaxArrayLength;
            });
            var size = SandboxPrelude.Install(engine, options.JavaScriptMaxStringLength);
            var json = new JsonParser(engine);
            engine.SetValue("input", json.Parse(scope.Input.ToJsonString()));
            engine.SetValue("variables", json.Parse(scope.Variables.ToJsonString()));
            engine.SetValue("lastTask", scope.LastTask is null ? JsValue.Null : json.Parse(scope.LastTask.ToJsonString()));
            engine.SetValue("departmentName", new Func<JsValue, string>(code => DepartmentNames.Of(organisation, code.IsString() ? code.AsString() : "")));
            var value = engine.Evaluate(prepared);
            if (engine.Invoke(size, value).AsNumber() > options.JavaScriptMaxStringLength)
            {
                throw new ExpressionException($"JavaScript failed: the result is larger than {options.JavaScriptMaxStringLength} characters, the sandbox limit");
            }
            return ToJson(value);
        }
        catch (Exception ex) when (ex is not ExpressionException)
        {
            // Script errors and sandbox breaches all end here: the activity faults, the process goes on.
            throw new ExpressionException($"JavaScript failed: {Describe(ex)}", ex);
        }
    }

    public string? FindSyntaxError(string script)
    {
        try
        {
            Prepare(script);
            return null;
        }
        catch (ExpressionException ex)
        {
            return ex.Message;
        }
    }

    private Prepared<Acornima.Ast.Script> Prepare(string script)
    {
        if (_scripts.TryGetValue(script, out var prepared))
        {
            return prepared;
        }
        try
        {
            prepared = Engine.PrepareScript(script);
        }
        catch (Exception ex)
        {
            throw new ExpressionException($"JavaScript syntax error: {ex.Message}", ex);
        }
        return _scripts.GetOrAdd(script, prepared);
    }

    private string Describe(Exception ex) => ex switch
    {
        _ when FindRegexTimeout(ex) is not null =>
            $"a regular expression exceeded the time limit of {options.JavaScriptTimeout.TotalSeconds:0.###} s (catastrophic backtracking?)",
        TimeoutException => $"exceeded the time limit of {options.JavaScriptTimeout.TotalSeconds:0.###} s",
        MemoryLimitExceededException => $"exceeded the memory limit of {options.JavaScriptMemoryLimitBytes} bytes",
        StatementsCountOverflowException => $"exceeded the limit of {options.JavaScriptMaxStatements} statements",
        RecursionDepthOverflowException => $"exceeded the recursion limit of {options.JavaScriptMaxRecursion}",
        _ => ex.Message,
    };

    private static System.Text.RegularExpressions.RegexMatchTimeoutException? FindRegexTimeout(Exception? ex) =>
        ex switch
        {
            null => null,
            System.Text.RegularExpressions.RegexMatchTimeoutException timeout => timeout,
            _ => FindRegexTimeout(ex.InnerException),
        };

    private static JsonNode? ToJson(JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }
        var clr = value.ToObject();
        return clr is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(clr);
    }
}
