namespace Headroom.Ingest;

/// <summary>
/// What the columns of a table's rows mean under its mapping (<see cref="TableColumns"/>): where the step, wall-time,
/// run, key and value columns are (-1 when a row lacks one), and, in a wide layout, every other column as a metric
/// with its key and the reasons a cell of it is skipped, made once for all the rows that share these columns. Each
/// run keeps the ids its builder gave the metrics (asked when a metric first has a number, as a row-by-row read asks).
/// </summary>
internal sealed class RowLayout
{
    private readonly string[] _columns;
    private IReadOnlyList<string>? _matched;
    private readonly Dictionary<RunBuilder, int[]> _ids = new(ReferenceEqualityComparer.Instance);
    private RunBuilder? _lastRun;
    private int[] _lastIds = [];

    public RowLayout(IReadOnlyList<string> columns, TableColumns mapping, Func<string, string> keyOf)
    {
        _columns = [.. columns];
        Step = IndexOf(mapping.Step);
        WallTime = IndexOf(mapping.WallTime);
        Run = IndexOf(mapping.Run);
        Key = IndexOf(mapping.Key);
        Value = IndexOf(mapping.Value);
        var metrics = Enumerable.Range(0, _columns.Length)
            .Where(i => _columns[i] != mapping.Step && _columns[i] != mapping.WallTime && _columns[i] != mapping.Run)
            .ToArray();
        Metrics = metrics;
        Keys = [.. metrics.Select(i => keyOf(_columns[i]))];
        EmptyReasons = [.. Keys.Select(key => $"empty cell in '{key}'")];
        TextReasons = [.. Keys.Select(key => $"non-numeric value of '{key}'")];
    }

    public int Step { get; }

    public int WallTime { get; }

    public int Run { get; }

    public int Key { get; }

    public int Value { get; }

    /// <summary>The positions of the metric columns (a wide layout's values), in column order.</summary>
    public int[] Metrics { get; }

    /// <summary>Each metric's key.</summary>
    public string[] Keys { get; }

    public string[] EmptyReasons { get; }

    public string[] TextReasons { get; }

    /// <summary>True when <paramref name="columns"/> are these columns (the same names in order; a list matched once is taken to stay as it was).</summary>
    public bool Matches(IReadOnlyList<string> columns)
    {
        if (ReferenceEquals(columns, _matched))
        {
            return true;
        }

        if (columns.Count != _columns.Length)
        {
            return false;
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            if (!string.Equals(columns[i], _columns[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        _matched = columns;
        return true;
    }

    /// <summary>The ids <paramref name="run"/> gave each metric, -1 for one without a number yet (the caller fills them in).</summary>
    public int[] IdsOf(RunBuilder run)
    {
        if (!ReferenceEquals(run, _lastRun))
        {
            if (!_ids.TryGetValue(run, out var ids))
            {
                _ids[run] = ids = Enumerable.Repeat(-1, Metrics.Length).ToArray();
            }

            (_lastRun, _lastIds) = (run, ids);
        }

        return _lastIds;
    }

    private int IndexOf(string? column) => column is null ? -1 : Array.IndexOf(_columns, column);
}
