using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// Gathers one W&amp;B run (history rows, summary, config, run facts) into a <see cref="RunLog"/>.
/// </summary>
/// <remarks>
/// Step axis: a history row's step is its <c>train/global_step</c> (HF's WandbCallback and
/// OpenRLHF log it with every row and declare it the step metric), else its <c>eval/global_step</c>
/// (OpenRLHF's eval rows), else the last global step of an earlier row, else W&amp;B's own
/// <c>_step</c>, else the row's position. <c>_step</c> and <c>_timestamp</c> are axes (the latter
/// becomes the wall time), not series; <c>_runtime</c> and the global-step keys stay series.
/// Summary numbers whose key has no history become one-point series at the summary's step; the
/// history is authoritative for the others. A run is read whole (<see cref="Read"/>) or streamed into a sink
/// (<see cref="Stream"/>: the rows go to the sink's <see cref="RunBuilder"/> as they end, and nothing is held).
/// </remarks>
internal sealed class WandbRunBuilder
{
    private readonly TagTable _keys = new();
    private readonly List<List<MetricPoint>?> _points = [];
    private readonly RunBuilder? _target;
    private readonly List<int> _targetIds = [];
    private readonly List<(int Key, double Value)> _row = [];
    private readonly List<(string Key, double Value)> _summary = [];
    private readonly int _step;
    private readonly int _timestamp;
    private readonly int _trainGlobalStep;
    private readonly int _evalGlobalStep;
    private double? _lastGlobalStep;
    private long _lastStep = -1;

    /// <summary>A builder that keeps the run, to <see cref="Build"/> it whole (a panel export's several runs at once).</summary>
    public WandbRunBuilder()
        : this(null)
    {
    }

    private WandbRunBuilder(RunBuilder? target)
    {
        _target = target;
        _step = _keys.Intern("_step"u8);
        _timestamp = _keys.Intern("_timestamp"u8);
        _trainGlobalStep = _keys.Intern("train/global_step"u8);
        _evalGlobalStep = _keys.Intern("eval/global_step"u8);
    }

    /// <summary>What was skipped, by reason.</summary>
    public SkipTally Skipped { get; } = new();

    /// <summary>Run facts (config, ids, versions).</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>History rows read.</summary>
    public long Rows { get; private set; }

    /// <summary>Whether any summary value was given.</summary>
    public bool HasSummary { get; private set; }

    /// <summary>Reads one run whole: <paramref name="load"/> fills a builder and returns the run's name.</summary>
    public static RunLog Read(string format, string path, ReaderOptions options, Func<WandbRunBuilder, string> load)
    {
        var builder = new WandbRunBuilder();
        var name = load(builder);
        return builder.Build(format, path, name, options);
    }

    /// <summary>
    /// Streams one run into <paramref name="sink"/>: <paramref name="load"/> fills a builder whose rows go on as they
    /// end, and returns the run's name. The name may be known only once the files are read (a display name in the
    /// datastore or the metadata), so the run begins as <paramref name="provisionalName"/> and takes its name at its end.
    /// </summary>
    public static void Stream(string format, string path, string provisionalName, ReaderOptions options, IRunSink sink, Func<WandbRunBuilder, string> load)
    {
        var run = sink.Begin(format, path, provisionalName, options);
        var builder = new WandbRunBuilder(run);
        run.Name = load(builder);
        builder.Finish();
        sink.End(run);
    }

    /// <summary>The id of a key given as UTF-8 bytes.</summary>
    public int KeyId(ReadOnlySpan<byte> utf8) => _keys.Intern(utf8);

    /// <summary>The id of a key given as text.</summary>
    public int KeyId(string key) => _keys.Intern(Encoding.UTF8.GetBytes(key));

    /// <summary>Forgets the row being read (its record did not decode).</summary>
    public void DiscardRow() => _row.Clear();

    /// <summary>Adds a number to the row being read.</summary>
    public void Add(int key, double value) => _row.Add((key, value));

    /// <summary>Ends the row: works out its step (see the class remarks) and files its numbers under it.</summary>
    /// <param name="fallbackStep">The step to use when the row has neither a global step nor <c>_step</c> (e.g. HistoryStep.num).</param>
    /// <param name="explicitStep">A step given by the source itself (the x-axis column of a UI export), overriding the rule.</param>
    public void EndRow(long? fallbackStep = null, long? explicitStep = null)
    {
        double? step = null, global = null, wallTime = null;
        foreach (var (key, value) in _row)
        {
            if (key == _step)
            {
                step = value;
            }
            else if (key == _timestamp)
            {
                wallTime = value;
            }
            else if (key == _trainGlobalStep || (key == _evalGlobalStep && global is null))
            {
                global = value;
            }
        }

        if (global is { } g && double.IsFinite(g))
        {
            _lastGlobalStep = g;
        }

        var rowStep = explicitStep ?? (long?)(_lastGlobalStep ?? Finite(step)) ?? fallbackStep ?? Rows;
        _lastStep = Math.Max(_lastStep, rowStep);
        foreach (var (key, value) in _row)
        {
            if (key == _step || key == _timestamp)
            {
                continue;
            }

            while (_points.Count <= key)
            {
                _points.Add(null);
            }

            if (_target is not null)
            {
                _points[key] ??= []; // an empty list: the key has history
                _target.Add(TargetId(key), rowStep, value, Finite(wallTime));
                continue;
            }

            (_points[key] ??= []).Add(new MetricPoint(rowStep, value, Finite(wallTime)));
        }

        _row.Clear();
        Rows++;
    }

    /// <summary>Adds one summary number (wandb-summary.json or the datastore's summary records).</summary>
    public void AddSummary(string key, double value)
    {
        HasSummary = true;
        _summary.Add((key, value));
    }

    /// <summary>Adds config entries as <c>config.&lt;key&gt;</c> metadata, flattening nested objects with dots (the <c>_wandb</c> block is W&amp;B's own and left out).</summary>
    public void AddConfig(string key, JsonElement value)
    {
        if (key == "_wandb")
        {
            return;
        }

        JsonMetadata.Flatten($"config.{key}", value, Metadata);
    }

    /// <summary>For a builder made with a target: hands it the summary's one-point series, the metadata and the skips.</summary>
    private RunBuilder Finish()
    {
        var target = _target ?? throw new InvalidOperationException("Finish needs a builder made with a target.");
        foreach (var (key, point) in SummaryPoints())
        {
            target.Add(key, point.Step, point.Value, point.WallTime);
        }

        foreach (var (key, value) in Metadata)
        {
            target.Metadata[key] = value;
        }

        target.Metadata["history_rows"] = Rows.ToString(CultureInfo.InvariantCulture);
        target.Skipped.AddRange(Skipped.ToList());
        return target;
    }

    public RunLog Build(string format, string path, string name, ReaderOptions options)
    {
        var series = new List<MetricSeries>();
        for (var key = 0; key < _points.Count; key++)
        {
            if (_points[key] is { Count: > 0 } points)
            {
                var text = _keys.NameOf(key);
                series.Add(new MetricSeries(text, options.Names.Map(format, text), SeriesMerge.LastValuePerStep(points)));
            }
        }

        series.AddRange(SummaryPoints().Select(p => new MetricSeries(p.Key, options.Names.Map(format, p.Key), [p.Point])));
        series.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        Metadata["history_rows"] = Rows.ToString(CultureInfo.InvariantCulture);
        return new RunLog(format, path, name, series, Metadata, Skipped.ToList());
    }

    /// <summary>The summary's numbers whose key has no history, each one point at the summary's step (see the remarks).</summary>
    private IEnumerable<(string Key, MetricPoint Point)> SummaryPoints()
    {
        if (_summary.Count == 0)
        {
            yield break;
        }

        var byKey = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in _summary)
        {
            byKey[key] = value;
        }

        var global = byKey.TryGetValue("train/global_step", out var trainStep) ? trainStep
            : byKey.TryGetValue("eval/global_step", out var evalStep) ? evalStep
            : (double?)null;
        var step = (long?)Finite(global)
            ?? (byKey.TryGetValue("_step", out var summaryStep) ? (long?)Finite(summaryStep) : null)
            ?? Math.Max(_lastStep, 0);
        var wallTime = byKey.TryGetValue("_timestamp", out var timestamp) ? Finite(timestamp) : null;
        var inHistory = Enumerable.Range(0, _points.Count).Where(key => _points[key] is not null).Select(_keys.NameOf).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in byKey)
        {
            if (key is not ("_step" or "_timestamp") && !inHistory.Contains(key))
            {
                yield return (key, new MetricPoint(step, value, wallTime));
            }
        }
    }

    private int TargetId(int key)
    {
        while (_targetIds.Count <= key)
        {
            _targetIds.Add(-1);
        }

        return _targetIds[key] >= 0 ? _targetIds[key] : _targetIds[key] = _target!.KeyId(_keys.NameOf(key));
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
