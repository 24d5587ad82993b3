using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Expressions;
using Workflows.Core.Validation;

namespace Workflows.Core.Activities;

/// <summary>
/// Runs a block of JavaScript in the expression sandbox (Elsa's RunJavaScript). The script may change
/// <c>variables</c>; the value of its last statement (or what it returns) can be kept in a variable.
/// </summary>
[Activity("Script", DisplayName = "脚本 Script", Category = "Data", Description = "Runs JavaScript that can change variables.")]
public sealed class Script(JavaScriptEvaluator javaScript) : Activity
{
    public static readonly ActivityInput<string> Code = new("script", required: true, description: "JavaScript statements; 'variables' can be changed.");
    public static readonly ActivityInput<string> ResultVariable = new("resultVariable", description: "Variable that receives the script's value.");

    public override ActivityResult Execute(ActivityContext context)
    {
        var code = context.Get(Code) ?? "";
        var outcome = context.Evaluate(ExpressionDefinition.JavaScript(Wrap(code))) as JsonObject
            ?? throw new ExpressionException("the script did not run to its end");
        if (outcome["variables"] is JsonObject variables)
        {
            foreach (var (name, value) in variables)
            {
                context.SetVariable(name, value);
            }
        }
        if (context.Get(ResultVariable) is { Length: > 0 } target)
        {
            context.SetVariable(target, outcome["result"]);
        }
        return ActivityResult.Done();
    }

    public override IEnumerable<ValidationProblem> Validate(ActivityDefinition activity)
    {
        if (activity.Inputs.TryGetValue(Code.Name, out var code) && code.Type == ExpressionTypes.Literal
            && code.Value is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && javaScript.FindSyntaxError(Wrap(value.GetValue<string>())) is { } error)
        {
            yield return ValidationProblem.Error(ValidationCodes.JavaScriptSyntax, activity.Id, $"input '{Code.Name}': {error}");
        }
    }

    /// <summary>
    /// As in Elsa, the value of the last expression statement is the result, or what a <c>return</c> gives. Either way
    /// the code runs as a function body (the sandbox allows no <c>eval</c>): a last expression statement becomes its
    /// <c>return</c>. The variables object is handed back so the script's changes survive the run.
    /// </summary>
    private static string Wrap(string code)
    {
        var body = Elsa.ElsaScripts.HasReturn(code) ? code : ReturnLastExpression(code);
        return "(function () { var __value = (function () {\n" + body + "\n})();\n" +
            "  return { result: __value === undefined ? null : __value, variables: variables }; })()";
    }

    private static string ReturnLastExpression(string code)
    {
        Acornima.Ast.Script parsed;
        try
        {
            parsed = new Acornima.Parser().ParseScript(code);
        }
        catch (Acornima.ParseErrorException)
        {
            return code; // the syntax error is reported where the wrapped code is parsed
        }
        if (parsed.Body.Count == 0 || parsed.Body[^1] is not Acornima.Ast.ExpressionStatement last)
        {
            return code;
        }
        var expression = last.Expression;
        return code[..last.Start] + "return (" + code[expression.Start..expression.End] + ");" + code[last.End..];
    }
}
