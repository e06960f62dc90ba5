namespace Headroom.Ingest;

/// <summary>
/// Counts what a reader skipped, by reason, remembering where each reason first occurred; the
/// reasons keep the order in which they were first seen.
/// </summary>
internal sealed class SkipTally
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, (int Count, string? First)> _counts = new(StringComparer.Ordinal);

    /// <summary>True when nothing was skipped.</summary>
    public bool IsEmpty => _order.Count == 0;

    /// <summary>Adds <paramref name="count"/> skipped records under <paramref name="reason"/>.</summary>
    public void Add(string reason, string? location, int count = 1)
    {
        if (_counts.TryGetValue(reason, out var entry))
        {
            _counts[reason] = (entry.Count + count, entry.First ?? location);
            return;
        }

        _order.Add(reason);
        _counts[reason] = (count, location);
    }

    /// <summary>Adds one skipped record whose location is a byte offset in a file (formatted only when the reason is new).</summary>
    public void Add(string reason, string path, long offset) => AddAt(reason, path, "byte", offset);

    /// <summary>Adds one skipped record at <paramref name="unit"/> <paramref name="position"/> of a file ("line", "row", "byte"), the location formatted only when the reason is new.</summary>
    public void AddAt(string reason, string path, string unit, long position)
    {
        if (_counts.TryGetValue(reason, out var entry))
        {
            _counts[reason] = (entry.Count + 1, entry.First);
            return;
        }

        Add(reason, $"{path}: {unit} {position}");
    }

    /// <summary>Adds every entry of another tally.</summary>
    public void AddRange(IEnumerable<SkippedRecords> skipped)
    {
        foreach (var entry in skipped)
        {
            Add(entry.Reason, entry.FirstLocation, entry.Count);
        }
    }

    /// <summary>Adds every entry of <paramref name="other"/>, its reasons ordered before this tally's own.</summary>
    public void PutFirst(SkipTally other)
    {
        var own = ToList();
        _order.Clear();
        _counts.Clear();
        AddRange(other.ToList());
        AddRange(own);
    }

    /// <summary>The tally as the public model's list.</summary>
    public IReadOnlyList<SkippedRecords> ToList()
        => _order.Select(reason => new SkippedRecords(reason, _counts[reason].Count, _counts[reason].First)).ToArray();
}
