namespace Workflows.Designer.Canvas;

/// <summary>Undo and redo over snapshots of the definition JSON: simple, and exact whatever changed.</summary>
public sealed class DesignerHistory(int capacity = 100)
{
    private readonly LinkedList<string> _undo = new();
    private readonly Stack<string> _redo = new();
    private string? _current;

    public bool CanUndo => _undo.Count > 0;
    public bool CanRedo => _redo.Count > 0;

    /// <summary>Starts over from <paramref name="snapshot"/> (a freshly loaded definition).</summary>
    public void Reset(string snapshot)
    {
        _undo.Clear();
        _redo.Clear();
        _current = snapshot;
    }

    /// <summary>Records the state after a change; an unchanged state is ignored.</summary>
    public void Record(string snapshot)
    {
        if (snapshot == _current)
        {
            return;
        }
        if (_current is not null)
        {
            _undo.AddLast(_current);
            if (_undo.Count > capacity)
            {
                _undo.RemoveFirst();
            }
        }
        _redo.Clear();
        _current = snapshot;
    }

    public string? Undo()
    {
        if (_undo.Last is not { } previous || _current is null)
        {
            return null;
        }
        _undo.RemoveLast();
        _redo.Push(_current);
        return _current = previous.Value;
    }

    public string? Redo()
    {
        if (_redo.Count == 0 || _current is null)
        {
            return null;
        }
        _undo.AddLast(_current);
        return _current = _redo.Pop();
    }
}
