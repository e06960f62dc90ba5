namespace Headroom.Ingest;

/// <summary>
/// Reads whatever trainer logs sit at some paths: a file is read by the reader that recognises it; a folder
/// is walked (depth-first, by name; hidden entries and symbolic links to folders skipped), offering each folder
/// to the folder readers first (an HF run folder with checkpoints is one run) and then each file not yet
/// claimed to the file readers, so a folder holding an HF run, its `runs/` TensorBoard files and a verl log
/// gives every one of them. Files no reader recognises are listed, never silently ignored. Each log is read on
/// its own: under the lenient policy one that cannot be read (a missing path, an unknown or damaged file) is
/// listed in the failures and the others are still read.
/// </summary>
public static class LogIngest
{
    /// <summary>
    /// Reads every log at <paramref name="paths"/>, each run whole. Throws <see cref="IngestException"/> when nothing
    /// readable was found (the failure's own message when there was one), and under the strict policy at the first
    /// path, log or record that cannot be read.
    /// </summary>
    public static IngestResult Read(IEnumerable<string> paths, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var consumer = new RunLogConsumer();
        var walk = Walk(paths, options ?? ReaderOptions.Default, consumer);
        return new IngestResult(consumer.All, walk.Unrecognised, walk.Failures);
    }

    /// <summary>
    /// Like <see cref="Read"/>, but streams each log and keeps running totals per series (<see cref="SeriesSummary"/>)
    /// instead of the points, so memory stays flat whatever the size of the logs.
    /// </summary>
    public static SummaryResult Summarise(IEnumerable<string> paths, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var consumer = new SummaryConsumer();
        var walk = Walk(paths, options ?? ReaderOptions.Default, consumer);
        return new SummaryResult(consumer.All, walk.Unrecognised, walk.Failures);
    }

    /// <summary>The readers in detection order for these options (with a column mapping, the generic table readers in place of the header-led CSV one).</summary>
    public static IReadOnlyList<ILogReader> Readers(ReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Table is null ? LogReaders.All : [.. LogReaders.All.Where(reader => reader is not MetricsCsvReader), .. LogReaders.Generic];
    }

    /// <summary>
    /// Re-resolves the canonical names of a run read by any reader with <paramref name="names"/> (run context,
    /// one key per canonical name, unit fixes) so every run follows the same table; values already scaled by the
    /// reader are not scaled twice.
    /// </summary>
    public static RunLog Canonicalise(RunLog run, CanonicalNames names)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(names);
        var resolved = names.ResolveRun(run.Format, run.Series.Select(s => s.Key));
        var series = run.Series.Select(s =>
        {
            resolved.TryGetValue(s.Key, out var name);
            var scale = name?.Scale ?? 1.0;
            if (s.Canonical == name?.Name && s.Benchmark == name?.Benchmark && s.Scale == scale)
            {
                return s;
            }

            var factor = scale / s.Scale;
            var points = factor == 1.0 ? s.Points : [.. s.Points.Select(p => p with { Value = p.Value * factor })];
            return s with { Canonical = name?.Name, Benchmark = name?.Benchmark, Scale = scale, Points = points };
        }).ToArray();
        return run with { Series = series };
    }

    internal static FolderWalk Walk(IEnumerable<string> paths, ReaderOptions options, ILogConsumer consumer)
    {
        var walk = new FolderWalk(options, Readers(options), consumer);
        walk.ReadAll(paths);
        return walk;
    }
}
