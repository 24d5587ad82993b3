using System.Text.Json.Nodes;

namespace Workflows.Core.Expressions;

/// <summary>What an expression can see: the start input, the instance variables and the last completed task.</summary>
public sealed record ExpressionScope(JsonObject Input, JsonObject Variables, JsonObject? LastTask);

/// <summary>An expression failed to parse or to run; the activity that evaluated it faults.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
