namespace Headroom.Ingest;

/// <summary>
/// Reads whatever trainer logs sit at some paths: a file is read by the reader that recognises it; a folder
/// is walked (depth-first, by name; hidden entries and symbolic links to folders skipped), offering each folder
/// to the folder readers first (an HF run folder with checkpoints is one run) and then each file not yet
/// claimed to the file readers, so a folder holding an HF run, its `runs/` TensorBoard files and a verl log
/// gives every one of them. Files no reader recognises are listed, never silently ignored.
/// </summary>
public static class LogIngest
{
    /// <summary>
    /// Reads every log at <paramref name="paths"/>. Throws <see cref="IngestException"/> for a path that does not
    /// exist, a named file no reader recognises, a folder holding no readable log, and (strict policy) any bad
    /// record; under the lenient policy a log inside a folder that fails entirely is listed in
    /// <see cref="IngestResult.Failures"/> and the walk goes on.
    /// </summary>
    public static IngestResult Read(IEnumerable<string> paths, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= ReaderOptions.Default;
        var walk = new FolderWalk(options, Readers(options));
        foreach (var path in paths)
        {
            walk.ReadNamed(path);
        }

        return new IngestResult(walk.Runs, walk.Unrecognised, walk.Failures);
    }

    /// <summary>The readers in detection order for these options (the generic table readers only with a column mapping).</summary>
    public static IReadOnlyList<ILogReader> Readers(ReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Table is null ? LogReaders.All : [.. LogReaders.All, .. LogReaders.Generic];
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
}
