namespace Headroom.Ingest;

/// <summary>
/// Collects the values, metadata and skip counts of one run while a reader walks its records, then builds
/// the <see cref="RunLog"/>: last value per (key, step) wins, canonical names resolved for the whole run,
/// unit fixes applied, series sorted by key and points by step.
/// </summary>
internal sealed class RunBuilder(string format, string path, string name, ReaderOptions options)
{
    private readonly Dictionary<string, Dictionary<long, MetricPoint>> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, string? First)> _skipped = new(StringComparer.Ordinal);
    private readonly List<string> _skipOrder = [];

    public string Format { get; } = format;

    public string Path { get; } = path;

    public string Name { get; set; } = name;

    public ReaderOptions Options { get; } = options;

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Number of values added (before de-duplication by step).</summary>
    public long ValuesAdded { get; private set; }

    public bool HasValues => _series.Count > 0;

    public void Add(string key, long step, double value, double? wallTime = null)
    {
        if (!_series.TryGetValue(key, out var points))
        {
            points = [];
            _series[key] = points;
        }

        points[step] = new MetricPoint(step, value, wallTime);
        ValuesAdded++;
    }

    /// <summary>Counts one skipped record under <paramref name="reason"/>, remembering where the first was.</summary>
    public void Skip(string reason, string? location = null, int count = 1)
    {
        if (_skipped.TryGetValue(reason, out var entry))
        {
            _skipped[reason] = (entry.Count + count, entry.First ?? location);
        }
        else
        {
            _skipped[reason] = (count, location);
            _skipOrder.Add(reason);
        }
    }

    /// <summary>A bad record: thrown under the strict policy, skipped and counted under the lenient one.</summary>
    public void Fault(string reason, string location, Func<IngestException> strictError)
    {
        if (Options.BadRecords == BadRecordPolicy.Strict)
        {
            throw strictError();
        }

        Skip(reason, location);
    }

    public RunLog Build()
    {
        var names = Options.Names.ResolveRun(Format, _series.Keys);
        var series = _series
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair =>
            {
                names.TryGetValue(pair.Key, out var canonical);
                var scale = canonical?.Scale ?? 1.0;
                var points = pair.Value.Values
                    .OrderBy(point => point.Step)
                    .Select(point => scale == 1.0 ? point : point with { Value = point.Value * scale })
                    .ToArray();
                return new MetricSeries(pair.Key, canonical?.Name, points, canonical?.Benchmark, scale);
            })
            .ToArray();
        var skipped = _skipOrder.Select(reason => new SkippedRecords(reason, _skipped[reason].Count, _skipped[reason].First)).ToArray();
        return new RunLog(Format, Path, Name, series, new Dictionary<string, string>(Metadata, StringComparer.Ordinal), skipped);
    }

    /// <summary>A location text for messages and skip records: the file and the line.</summary>
    public static string AtLine(string file, long line) => $"{file}: line {line}";

    /// <summary>A location text for messages and skip records: the file and the byte offset.</summary>
    public static string AtByte(string file, long offset) => $"{file}: byte {offset}";
}
