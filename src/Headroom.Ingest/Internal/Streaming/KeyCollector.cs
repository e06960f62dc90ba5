namespace Headroom.Ingest;

/// <summary>A sink for a second reading: keeps the points of some keys of each run (by run in reading order), ignores the rest.</summary>
internal sealed class KeyCollector(IReadOnlyList<HashSet<string>> wanted) : IRunSink
{
    private int _next;

    /// <summary>Per run: the wanted series, merged (one value per step, last written winning), in the unit the trainer logged.</summary>
    public List<IReadOnlyList<MetricSeries>> Runs { get; } = [];

    public RunBuilder Begin(string format, string path, string name, ReaderOptions options)
    {
        var keys = _next < wanted.Count ? wanted[_next] : [];
        _next++;
        return new RunBuilder(format, path, name, options, names => new Filtered(names, keys));
    }

    public void End(RunBuilder run)
    {
        var store = (Filtered)run.Store;
        Runs.Add([.. store.Lists.Keys.Select(key => new MetricSeries(run.Keys[key], null, store.Lists.Merged(key)))]);
    }

    private sealed class Filtered(IReadOnlyList<string> names, HashSet<string> keys) : IPointStore
    {
        private readonly List<bool?> _wanted = [];

        public PointLists Lists { get; } = new();

        public void Add(int key, long step, double value, double? wallTime)
        {
            while (_wanted.Count <= key)
            {
                _wanted.Add(null);
            }

            if (_wanted[key] ??= keys.Contains(names[key]))
            {
                Lists.Add(key, step, value, wallTime);
            }
        }
    }
}
