namespace Headroom.Ingest;

/// <summary>
/// The series a tidy table writer was told of, numbered in order (equal text, one number). Append-only: an array
/// taken from <see cref="Snapshot"/> stays valid for the numbers it holds while more are added (another thread may
/// read it).
/// </summary>
internal sealed class SeriesTable
{
    private readonly Dictionary<SeriesColumns, int> _ids = [];
    private SeriesColumns[] _series = new SeriesColumns[16];
    private SeriesColumns? _last;
    private int _lastId;

    public int Count { get; private set; }

    public SeriesColumns this[int id] => _series[id];

    /// <summary>The series so far, indexed by number (the array is never written again below <see cref="Count"/>).</summary>
    public SeriesColumns[] Snapshot => _series;

    /// <summary>The number of the series with these columns, a new one when none has them.</summary>
    public int Add(string run, string format, string path, string key, string? canonical, string? benchmark)
    {
        // Rows written one by one come series by series: the last one is tried first, by reference.
        if (_last is { } last && ReferenceEquals(last.Run, run) && ReferenceEquals(last.Format, format) && ReferenceEquals(last.Path, path)
            && ReferenceEquals(last.Key, key) && ReferenceEquals(last.Canonical, canonical) && ReferenceEquals(last.Benchmark, benchmark))
        {
            return _lastId;
        }

        var columns = new SeriesColumns(run, format, path, key, canonical, benchmark);
        if (!_ids.TryGetValue(columns, out var id))
        {
            if (Count == _series.Length)
            {
                var grown = new SeriesColumns[2 * Count];
                _series.AsSpan().CopyTo(grown);
                _series = grown;
            }

            id = Count++;
            _series[id] = columns;
            _ids.Add(columns, id);
        }

        (_last, _lastId) = (columns, id);
        return id;
    }
}
