namespace Workflows.Designer.Canvas;

/// <summary>The canvas's grid, node and port sizes, arrow and curve, in diagram units: what the browser's drag preview draws with.</summary>
public sealed record CanvasGeometry(int GridSize, double NodeWidth, double NodeHeight, double PortSize, double ArrowWidth, double CurveMargin);
