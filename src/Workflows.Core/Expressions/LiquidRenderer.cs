using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Fluid;
using Fluid.Values;
using Workflows.Core.Organisation;

namespace Workflows.Core.Expressions;

/// <summary>
/// Renders Liquid templates (Fluid) against the expression scope; parsed templates are cached. The filter
/// <c>department_name</c> turns a department code into the name people read (<c>{{ input.hazardUnit | department_name }}</c>).
/// </summary>
public sealed class LiquidRenderer
{
    public const string DepartmentNameFilter = "department_name";

    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new();
    private readonly TemplateOptions _options = new();

    public LiquidRenderer(IOrganisationDirectory? organisation = null)
    {
        _options.Filters.AddFilter(DepartmentNameFilter, (input, _, _) =>
            new StringValue(DepartmentNames.Of(organisation, input.ToStringValue())));
    }

    /// <param name="encoder">HTML-encodes inserted values when given (e-mail bodies); plain text otherwise.</param>
    public string Render(string template, ExpressionScope scope, TextEncoder? encoder = null)
    {
        var parsed = Parse(template);
        var context = new TemplateContext(_options);
        context.SetValue("input", ToClr(scope.Input));
        context.SetValue("variables", ToClr(scope.Variables));
        context.SetValue("lastTask", ToClr(scope.LastTask));
        try
        {
            return encoder is null ? parsed.Render(context) : parsed.Render(context, encoder);
        }
        catch (Exception ex)
        {
            throw new ExpressionException($"Liquid failed: {ex.Message}", ex);
        }
    }

    public string? FindSyntaxError(string template)
    {
        try
        {
            Parse(template);
            return null;
        }
        catch (ExpressionException ex)
        {
            return ex.Message;
        }
    }

    private IFluidTemplate Parse(string template)
    {
        if (_templates.TryGetValue(template, out var parsed))
        {
            return parsed;
        }
        if (!Parser.TryParse(template, out parsed, out var error))
        {
            throw new ExpressionException($"Liquid syntax error: {error}");
        }
        return _templates.GetOrAdd(template, parsed);
    }

    /// <summary>Fluid reads dictionaries, lists and primitives natively; JSON nodes are converted to those.</summary>
    internal static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToClr(p.Value)),
        JsonArray array => array.Select(ToClr).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => value.TryGetValue<string>(out var text) ? text : System.Text.Json.JsonSerializer.Deserialize<string>(value),
            System.Text.Json.JsonValueKind.Number => decimal.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
                ? d
                : double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            System.Text.Json.JsonValueKind.True => true,
            System.Text.Json.JsonValueKind.False => false,
            _ => null,
        },
        _ => null,
    };
}
