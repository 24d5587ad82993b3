using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workflows.Core.Elsa;

/// <summary>A script rewritten for our sandbox, with what cannot run here.</summary>
public sealed record RewrittenScript(string Code, IReadOnlyList<string> Problems);

/// <summary>
/// Elsa's JavaScript reads workflow data through helper functions; ours sees <c>variables</c> and <c>input</c>.
/// <c>getVariable('X')</c>, <c>getX()</c> → <c>variables["X"]</c>; <c>setVariable('X', v)</c>, <c>setX(v)</c> →
/// <c>(variables["X"] = v)</c>; <c>getInput('X')</c> → <c>input["X"]</c>. A call to anything else that is not plain
/// JavaScript or declared in the script is a problem now, not a fault when the step runs.
/// </summary>
public static partial class ElsaScripts
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        // Keywords that take parentheses.
        "if", "for", "while", "switch", "catch", "function", "return", "typeof", "void", "delete", "in", "of", "new", "do", "else", "with", "await", "yield",
        // Global functions and constructors of the language.
        "Array", "Boolean", "Date", "Error", "JSON", "Map", "Math", "Number", "Object", "Promise", "RegExp", "Set", "String", "Symbol", "TypeError", "RangeError",
        "parseInt", "parseFloat", "isNaN", "isFinite", "encodeURIComponent", "decodeURIComponent", "encodeURI", "decodeURI", "BigInt", "eval",
        // Helpers this rewriter defines.
        "isNullOrEmpty", "isNullOrWhiteSpace", "toJson",
        // Functions Workflows' own expressions have (a department's name from its code).
        "departmentName",
    };

    /// <summary>Elsa's own functions whose names look like variable getters but are not.</summary>
    private static readonly HashSet<string> ElsaFunctions = new(StringComparer.Ordinal)
    {
        "getWorkflowInstanceId", "getWorkflowDefinitionId", "getWorkflowDefinitionVersion", "getCorrelationId", "getLastResult",
        "getOutputFrom", "getShortGuid", "getGuid", "getGuidString", "getVariables",
    };

    /// <summary>Small Elsa helpers with an exact JavaScript equivalent, defined in front of a script that uses them.</summary>
    private static readonly Dictionary<string, string> Preludes = new(StringComparer.Ordinal)
    {
        ["isNullOrEmpty"] = "function isNullOrEmpty(s) { return s === null || s === undefined || s === ''; }",
        ["isNullOrWhiteSpace"] = "function isNullOrWhiteSpace(s) { return s === null || s === undefined || String(s).trim() === ''; }",
        ["toJson"] = "function toJson(v) { return JSON.stringify(v); }",
    };

    public static RewrittenScript Rewrite(string script, IReadOnlyCollection<string> variableNames, IReadOnlyCollection<string>? inputNames = null)
    {
        var inputs = new HashSet<string>(inputNames ?? [], StringComparer.Ordinal);
        var problems = new List<string>();
        var variables = new HashSet<string>(variableNames, StringComparer.Ordinal);
        var text = NamedHelper().Replace(script, m =>
        {
            var target = m.Groups["fn"].Value == "getInput" ? "input" : "variables";
            return $"{target}[{JsonSerializer.Serialize(m.Groups["name"].Value)}]";
        });
        text = ReplaceSetters(text, variables, problems);
        text = Getter().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            if (Variable(variables, name) is { } known)
            {
                return $"variables[{JsonSerializer.Serialize(known)}]";
            }
            // Elsa also generates getX() for each workflow input.
            return Variable(inputs, name) is { } input ? $"input[{JsonSerializer.Serialize(input)}]" : m.Value;
        });
        var bare = CodeOnly(text);
        var declared = Declared().Matches(bare).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var calls = Calls().Matches(bare).Select(m => m.Groups["name"].Value).Distinct().ToList();
        foreach (var call in calls)
        {
            if (Allowed.Contains(call) || declared.Contains(call))
            {
                continue;
            }
            problems.Add(!ElsaFunctions.Contains(call) && call.StartsWith("get", StringComparison.Ordinal) && call.Length > 3 && char.IsUpper(call[3])
                ? $"'{call}()' reads a variable '{call[3..]}' that the workflow does not declare"
                : $"'{call}()' is an Elsa function Workflows does not have; rewrite the script with variables.X and input.X");
        }
        var preludes = Preludes.Where(p => calls.Contains(p.Key) && !declared.Contains(p.Key))
            .Select(p => p.Value).ToList();
        if (preludes.Count > 0)
        {
            text = string.Join("\n", preludes) + "\n" + text;
        }
        return new RewrittenScript(text, problems);
    }

    /// <summary>The variable a <c>getX</c>/<c>setX</c> helper names: Elsa generates them from the name with its first letter upper-cased.</summary>
    private static string? Variable(HashSet<string> variables, string suffix)
    {
        if (variables.Contains(suffix))
        {
            return suffix;
        }
        return variables.FirstOrDefault(v => v.Length > 0 && string.Equals(char.ToUpperInvariant(v[0]) + v[1..], suffix, StringComparison.Ordinal));
    }

    /// <summary><c>setVariable('X', v)</c> and <c>setX(v)</c>: the argument may itself hold calls and strings, so it is scanned to its closing parenthesis.</summary>
    private static string ReplaceSetters(string code, HashSet<string> variables, List<string> problems)
    {
        var result = new StringBuilder();
        var at = 0;
        foreach (Match m in Setter().Matches(code))
        {
            if (m.Index < at)
            {
                continue;
            }
            string? name;
            var argumentStart = m.Index + m.Length;
            if (m.Groups["fn"].Value == "setVariable")
            {
                var named = SetVariableName().Match(code, argumentStart);
                if (!named.Success || named.Index != argumentStart)
                {
                    problems.Add("setVariable(...) needs the variable's name as a quoted text first");
                    continue;
                }
                name = named.Groups["name"].Value;
                argumentStart = named.Index + named.Length;
            }
            else
            {
                name = Variable(variables, m.Groups["name"].Value);
                if (name is null)
                {
                    continue;
                }
            }
            var close = ClosingParenthesis(code, argumentStart);
            if (close < 0)
            {
                problems.Add($"the call setting '{name}' has no closing parenthesis");
                continue;
            }
            result.Append(code, at, m.Index - at);
            result.Append($"(variables[{JsonSerializer.Serialize(name)}] = {code[argumentStart..close].Trim()})");
            at = close + 1;
        }
        result.Append(code, at, code.Length - at);
        return result.ToString();
    }

    /// <summary>The script with the contents of strings and comments blanked, so words in them are not taken for calls.</summary>
    private static string CodeOnly(string code)
    {
        var chars = code.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var end = chars[i] switch
            {
                '"' or '\'' or '`' => EndOfString(code, i),
                '/' when i + 1 < chars.Length && chars[i + 1] == '/' => code.IndexOf('\n', i) is var n and >= 0 ? n : chars.Length,
                '/' when i + 1 < chars.Length && chars[i + 1] == '*' => code.IndexOf("*/", i + 2, StringComparison.Ordinal) is var e and >= 0 ? e + 1 : chars.Length,
                _ => -1,
            };
            if (end < 0)
            {
                continue;
            }
            for (var j = i + 1; j < Math.Min(end, chars.Length); j++)
            {
                chars[j] = ' ';
            }
            i = end;
        }
        return new string(chars);
    }

    private static int ClosingParenthesis(string code, int from)
    {
        var depth = 0;
        for (var i = from; i < code.Length; i++)
        {
            var c = code[i];
            if (c is '"' or '\'' or '`')
            {
                i = EndOfString(code, i);
                continue;
            }
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0)
                {
                    return c == ')' ? i : -1;
                }
                depth--;
            }
        }
        return -1;
    }

    private static int EndOfString(string code, int start)
    {
        for (var i = start + 1; i < code.Length; i++)
        {
            if (code[i] == '\\')
            {
                i++;
            }
            else if (code[i] == code[start])
            {
                return i;
            }
        }
        return code.Length;
    }

    /// <summary>An Elsa JavaScript expression written as a function body (<c>return x;</c>) is made an expression.</summary>
    public static string AsExpression(string code) => HasReturn(code) && ParseError(Body(code)) is null ? Body(code) : code;

    /// <summary>Whether the code returns its value (Elsa runs such code as a function body); words in strings and comments do not count.</summary>
    public static bool HasReturn(string code)
    {
        // Only a return outside every brace is the script's own; one inside a function or block belongs to it.
        var bare = CodeOnly(code);
        foreach (Match match in ReturnWord().Matches(bare))
        {
            var depth = 0;
            for (var i = 0; i < match.Index; i++)
            {
                depth += bare[i] switch { '{' => 1, '}' => -1, _ => 0 };
            }
            if (depth == 0)
            {
                return true;
            }
        }
        return false;
    }

    public static string? ParseError(string code)
    {
        try
        {
            Jint.Engine.PrepareScript(code);
            return null;
        }
        catch (Exception ex)
        {
            return ex.Message;
        }
    }

    private static string Body(string code) => "(function () {\n" + code + "\n})()";

    /// <summary>Reads a string of JavaScript from an input value for rewriting; anything else is left alone.</summary>
    internal static string? Source(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    [GeneratedRegex(@"(?<![.\w$])return\b")]
    private static partial Regex ReturnWord();

    [GeneratedRegex(@"\b(?<fn>getVariable|getInput)\s*\(\s*(?<q>['""])(?<name>[^'""]+)\k<q>\s*\)")]
    private static partial Regex NamedHelper();

    [GeneratedRegex(@"(?<![.\w$])(?<fn>setVariable|set(?<name>[A-Za-z_$][\w$]*))\s*\(")]
    private static partial Regex Setter();

    [GeneratedRegex(@"\G\s*(?<q>['""])(?<name>[^'""]+)\k<q>\s*,")]
    private static partial Regex SetVariableName();

    [GeneratedRegex(@"(?<![.\w$])get(?<name>[A-Za-z_$][\w$]*)\s*\(\s*\)")]
    private static partial Regex Getter();

    [GeneratedRegex(@"(?<![.\w$])(?<name>[A-Za-z_$][\w$]*)\s*\(")]
    private static partial Regex Calls();

    [GeneratedRegex(@"(?:\bfunction\s+(?<name>[A-Za-z_$][\w$]*))|(?:\b(?:var|let|const)\s+(?<name>[A-Za-z_$][\w$]*)\s*=)")]
    private static partial Regex Declared();
}
