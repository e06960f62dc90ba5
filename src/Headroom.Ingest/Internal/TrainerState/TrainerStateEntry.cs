using System.Runtime.CompilerServices;

namespace Headroom.Ingest;

/// <summary>
/// One `log_history` entry as <see cref="TrainerStateFile"/> reads it, reused from entry to entry: its numeric values
/// (key ids of the run, in the order written, a key written twice keeping its later value), its `step` and what was
/// not a number.
/// </summary>
internal sealed class TrainerStateEntry
{
    private (int Key, double Value)[] _values = new (int, double)[16];
    private (int Key, double Value)[]? _borrowed;
    private int _borrowedStart;
    private int _count;
    private readonly List<string> _skips = [];

    private long _line;
    private Func<long, long>? _lineAt;

    /// <summary>The 1-based line where the entry starts (counted only when asked: it names the place of a fault).</summary>
    public long Line => _lineAt is null ? _line : _lineAt(Offset);

    /// <summary>The file offset of the entry's <c>{</c> (for an entry read by hand; 0 otherwise).</summary>
    public long Offset { get; private set; }

    /// <summary>True when the entry has a `step` key (whatever its value).</summary>
    public bool HasStep { get; set; }

    /// <summary>The value of `step` when it is a number (or a numeric string).</summary>
    public double? Step { get; set; }

    public ReadOnlySpan<(int Key, double Value)> Values => _borrowed is { } borrowed ? borrowed.AsSpan(_borrowedStart, _count) : _values.AsSpan(0, _count);

    /// <summary>Why values of the entry were not numbers (`null value of 'k'`, `non-numeric value of 'k'`).</summary>
    public ReadOnlySpan<string> Skips => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_skips);

    public void Clear(long line)
    {
        Clear(null, 0);
        _line = line;
    }

    /// <summary>Starts an entry at file offset <paramref name="offset"/> whose line is <paramref name="lineAt"/>(<paramref name="offset"/>), asked only when needed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Clear(Func<long, long>? lineAt, long offset)
    {
        _lineAt = lineAt;
        Offset = offset;
        Restart();
    }

    /// <summary>Forgets what was read of the entry, to read it again (its line stays).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Restart()
    {
        HasStep = false;
        Step = null;
        _borrowed = null;
        _count = 0;
        if (_skips.Count > 0)
        {
            _skips.Clear();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int key, double value)
    {
        var values = _values;
        for (var i = _count - 1; i >= 0; i--)
        {
            if (values[i].Key == key)
            {
                values[i].Value = value;
                return;
            }
        }

        if (_count == values.Length)
        {
            Array.Resize(ref _values, 2 * _count);
        }

        _values[_count++] = (key, value);
    }

    /// <summary>Takes as its values those of an entry read before (distinct keys), without copying them; until <see cref="Restart"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Borrow((int Key, double Value)[] values, int start, int count)
    {
        _borrowed = values;
        _borrowedStart = start;
        _count = count;
    }

    public void Skip(string reason) => _skips.Add(reason);
}
