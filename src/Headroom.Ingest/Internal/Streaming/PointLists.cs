namespace Headroom.Ingest;

/// <summary>Keeps every point of a run, to build the <see cref="RunLog"/> a reader's <see cref="ILogReader.Read"/> returns.</summary>
internal sealed class PointLists : IPointStore
{
    private readonly List<List<MetricPoint>?> _points = [];

    public void Add(int key, long step, double value, double? wallTime)
    {
        while (_points.Count <= key)
        {
            _points.Add(null);
        }

        (_points[key] ??= []).Add(new MetricPoint(step, value, wallTime));
    }

    /// <summary>The keys that received points.</summary>
    public IEnumerable<int> Keys => Enumerable.Range(0, _points.Count).Where(key => _points[key] is { Count: > 0 });

    /// <summary>One key's points, one per step, the last written winning.</summary>
    public MetricPoint[] Merged(int key) => _points[key] is { } points ? SeriesMerge.LastValuePerStep(points) : [];

    /// <summary>
    /// The run: canonical names resolved for the whole run (<see cref="CanonicalNames.ResolveRun"/>), unit fixes
    /// applied, series sorted by key and points by step.
    /// </summary>
    public RunLog Build(RunBuilder run)
    {
        var keys = Keys.ToArray();
        var names = run.ResolveNames([.. keys.Select(key => run.Keys[key])]);
        var series = keys
            .Select(key =>
            {
                var text = run.Keys[key];
                names.TryGetValue(text, out var canonical);
                var scale = canonical?.Scale ?? 1.0;
                var points = Merged(key);
                if (scale != 1.0)
                {
                    for (var i = 0; i < points.Length; i++)
                    {
                        points[i] = points[i] with { Value = points[i].Value * scale };
                    }
                }

                return new MetricSeries(text, canonical?.Name, points, canonical?.Benchmark, scale);
            })
            .OrderBy(series => series.Key, StringComparer.Ordinal)
            .ToArray();
        return new RunLog(run.Format, run.Path, run.Name, series, new Dictionary<string, string>(run.Metadata, StringComparer.Ordinal), run.Skipped.ToList());
    }
}
