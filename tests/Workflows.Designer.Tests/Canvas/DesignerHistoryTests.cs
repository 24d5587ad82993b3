using Workflows.Designer.Canvas;

namespace Workflows.Designer.Tests.Canvas;

public sealed class DesignerHistoryTests
{
    [Fact]
    public void UndoThenRedo_WalksBackAndForth()
    {
        var history = new DesignerHistory();
        history.Reset("a");
        history.Record("b");
        history.Record("c");

        Assert.Equal("b", history.Undo());
        Assert.Equal("a", history.Undo());
        Assert.Null(history.Undo());
        Assert.Equal("b", history.Redo());
    }

    [Fact]
    public void ANewChange_AfterUndo_DropsTheRedoneFuture()
    {
        var history = new DesignerHistory();
        history.Reset("a");
        history.Record("b");
        history.Undo();

        history.Record("c");

        Assert.False(history.CanRedo);
        Assert.Equal("a", history.Undo());
    }

    [Fact]
    public void AnUnchangedState_IsNotAStep()
    {
        var history = new DesignerHistory();
        history.Reset("a");
        history.Record("a");

        Assert.False(history.CanUndo);
    }
}
