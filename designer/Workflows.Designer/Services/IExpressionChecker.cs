namespace Workflows.Designer.Services;

/// <summary>Checks expressions as the designer types them and previews templates with sample data.</summary>
public interface IExpressionChecker
{
    /// <summary>The syntax error of a JavaScript or Liquid text, or null when it parses.</summary>
    string? FindSyntaxError(string expressionType, string text);

    /// <summary>The Liquid template rendered with <paramref name="sampleJson"/> as <c>input</c>, or the error.</summary>
    string Preview(string template, string sampleJson);
}
