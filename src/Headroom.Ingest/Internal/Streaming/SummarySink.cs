namespace Headroom.Ingest;

/// <summary>
/// A sink that keeps each run as a <see cref="RunSummary"/>: canonical names resolved for the whole run, running
/// totals per series. It remembers the series that must be read again whole (<see cref="RunningSeries.NeedsPoints"/>)
/// and the keys whose steps were not in order as written (<see cref="Unordered"/>), by run in reading order.
/// </summary>
internal sealed class SummarySink : IRunSink
{
    public List<RunSummary> Runs { get; } = [];

    /// <summary>Per run (in <see cref="Runs"/> order): the keys that need a second, whole reading.</summary>
    public List<HashSet<string>> NeedsPoints { get; } = [];

    /// <summary>Per run: the keys whose steps went back or repeated as written.</summary>
    public List<HashSet<string>> Unordered { get; } = [];

    /// <summary>Per run: the canonical name of each key (absent when none).</summary>
    public List<IReadOnlyDictionary<string, CanonicalName>> Names { get; } = [];

    public RunBuilder Begin(string format, string path, string name, ReaderOptions options)
        => new(format, path, name, options, _ => new RunningSummaries());

    public void End(RunBuilder run)
    {
        var store = (RunningSummaries)run.Store;
        var keys = store.Keys.ToList();
        var names = run.ResolveNames([.. keys.Select(k => run.Keys[k.Key])]);
        var series = keys
            .Select(k =>
            {
                var key = run.Keys[k.Key];
                names.TryGetValue(key, out var canonical);
                return k.Series.Summary(key, canonical?.Name, canonical?.Benchmark, canonical?.Scale ?? 1.0);
            })
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToArray();
        Runs.Add(new RunSummary(run.Format, run.Path, run.Name, series, new Dictionary<string, string>(run.Metadata, StringComparer.Ordinal), run.Skipped.ToList()));
        NeedsPoints.Add([.. keys.Where(k => k.Series.NeedsPoints).Select(k => run.Keys[k.Key])]);
        Unordered.Add([.. keys.Where(k => k.Series.Unordered).Select(k => run.Keys[k.Key])]);
        Names.Add(names);
    }

    /// <summary>Replaces the totals of the series that needed a whole reading with those of their merged points.</summary>
    public void Patch(int run, IReadOnlyList<MetricSeries> whole)
    {
        var byKey = whole.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var summary = Runs[run];
        Runs[run] = summary with
        {
            Series = [.. summary.Series.Select(s => byKey.TryGetValue(s.Key, out var merged) ? Totals(merged).Summary(s.Key, s.Canonical, s.Benchmark, s.Scale) : s)],
        };
    }

    private static RunningSeries Totals(MetricSeries merged)
    {
        var totals = new RunningSeries();
        foreach (var point in merged.Points)
        {
            totals.Add(point.Step, point.Value);
        }

        return totals;
    }
}
