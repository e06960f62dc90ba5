using System.Runtime.InteropServices;

namespace Headroom.Ingest;

/// <summary>
/// One `log_history` entry as <see cref="TrainerStateFile"/> reads it, reused from entry to entry: its numeric values
/// (key ids of the run, in the order written, a key written twice keeping its later value), its `step` and what was
/// not a number.
/// </summary>
internal sealed class TrainerStateEntry
{
    private readonly List<(int Key, double Value)> _values = [];
    private readonly List<string> _skips = [];

    /// <summary>The 1-based line where the entry starts.</summary>
    public long Line { get; set; }

    /// <summary>True when the entry has a `step` key (whatever its value).</summary>
    public bool HasStep { get; set; }

    /// <summary>The value of `step` when it is a number (or a numeric string).</summary>
    public double? Step { get; set; }

    public ReadOnlySpan<(int Key, double Value)> Values => CollectionsMarshal.AsSpan(_values);

    /// <summary>Why values of the entry were not numbers (`null value of 'k'`, `non-numeric value of 'k'`).</summary>
    public ReadOnlySpan<string> Skips => CollectionsMarshal.AsSpan(_skips);

    public void Clear(long line)
    {
        Line = line;
        HasStep = false;
        Step = null;
        _values.Clear();
        _skips.Clear();
    }

    public void Add(int key, double value)
    {
        for (var i = _values.Count - 1; i >= 0; i--)
        {
            if (_values[i].Key == key)
            {
                _values[i] = (key, value);
                return;
            }
        }

        _values.Add((key, value));
    }

    public void Skip(string reason) => _skips.Add(reason);
}
