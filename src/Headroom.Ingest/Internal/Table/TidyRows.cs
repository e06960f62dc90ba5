namespace Headroom.Ingest;

/// <summary>
/// A store that writes each point of a run straight to the tidy table, with the canonical names and unit fixes
/// decided for the whole run beforehand. Points of the keys whose steps went back or repeated as written are held
/// and written merged (one per step, the last written winning) when the run ends.
/// </summary>
internal sealed class TidyRows(
    IReadOnlyList<string> keys,
    ITidyWriter writer,
    TidyRows.RunColumns run,
    IReadOnlyDictionary<string, CanonicalName> names,
    IReadOnlySet<string> held) : IPointStore
{
    private Entry?[] _entries = new Entry?[16];
    private readonly PointLists _held = new();

    public void Add(int key, long step, double value, double? wallTime)
    {
        var entry = key < _entries.Length && _entries[key] is { } known ? known : Resolve(key);
        if (entry.Held)
        {
            _held.Add(key, step, value, wallTime);
        }
        else
        {
            writer.Write(entry.Series, step, value * entry.Scale, wallTime);
        }
    }

    /// <summary>Writes the held keys, merged, in key order.</summary>
    public void WriteHeld()
    {
        foreach (var key in _held.Keys.OrderBy(k => keys[k], StringComparer.Ordinal))
        {
            var entry = _entries[key]!;
            foreach (var point in _held.Merged(key))
            {
                writer.Write(entry.Series, point.Step, point.Value * entry.Scale, point.WallTime);
            }
        }
    }

    private Entry Resolve(int key)
    {
        if (key >= _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(key + 1, 2 * _entries.Length));
        }

        var text = keys[key];
        names.TryGetValue(text, out var name);
        return _entries[key] = new Entry(writer.Series(run.Label, run.Format, run.Path, text, name?.Name, name?.Benchmark), name?.Scale ?? 1.0, held.Contains(text));
    }

    /// <summary>The columns every row of one run shares.</summary>
    public sealed record RunColumns(string Label, string Format, string Path);

    private sealed record Entry(int Series, double Scale, bool Held);
}
