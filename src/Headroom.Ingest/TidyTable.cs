namespace Headroom.Ingest;

/// <summary>
/// Writes runs as one tidy long table, one row per (run, key, step), with the columns `run`, `format`, `path`,
/// `key`, `canonical`, `benchmark`, `step`, `value` (in the canonical unit, see <see cref="MetricSeries.Scale"/>)
/// and `wall_time`. The format follows the extension: `.csv` (NaN and infinities written as `NaN`, `inf`,
/// `-inf`, empty for null), `.jsonl` (NaN and infinities as null), `.parquet` (row groups of 262,144 rows,
/// text columns dictionary-encoded). Rows are streamed to the file; the table appears under its name only once
/// complete.
/// </summary>
public static class TidyTable
{
    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["run", "format", "path", "key", "canonical", "benchmark", "step", "value", "wall_time"];

    /// <summary>
    /// Streams every log at <paramref name="paths"/> (as <see cref="LogIngest.Summarise"/> finds them) into the table
    /// at <paramref name="path"/>, in bounded memory whatever the size of the logs: each log is read twice, once to
    /// decide the canonical names of its runs and once to write their rows. Rows of a run follow the order the log
    /// holds them in, by step within a key; a key whose steps went back or repeated is written merged at the end of its
    /// run. Throws <see cref="IngestException"/> for an unknown extension and as <see cref="LogIngest.Read"/> does.
    /// </summary>
    public static TidyTableResult Write(IEnumerable<string> paths, string path, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(path);
        var consumer = default(TableConsumer);
        var (rows, walk) = WriteTo(path, writer =>
        {
            consumer = new TableConsumer(writer);
            return LogIngest.Walk(paths, options ?? ReaderOptions.Default, consumer);
        });
        return new TidyTableResult(path, rows, consumer!.All, walk.Unrecognised, walk.Failures);
    }

    /// <summary>
    /// Writes every point of runs read whole to <paramref name="path"/> and returns the number of rows. Run names are
    /// made unique by appending `#2`, `#3`... Throws <see cref="IngestException"/> for an unknown extension.
    /// </summary>
    public static long Write(IReadOnlyList<RunLog> runs, string path)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(path);
        var labels = RunLabels(runs.Select(run => run.Name));
        return WriteTo(path, writer =>
        {
            for (var i = 0; i < runs.Count; i++)
            {
                foreach (var series in runs[i].Series)
                {
                    var id = writer.Series(labels[i], runs[i].Format, runs[i].Path, series.Key, series.Canonical, series.Benchmark);
                    foreach (var point in series.Points)
                    {
                        writer.Write(id, point.Step, point.Value, point.WallTime);
                    }
                }
            }

            return 0;
        }).Rows;
    }

    /// <summary>The run labels used in the `run` column: each run's name (<see cref="RunLog.Name"/>), made unique in order by `#2`, `#3`...</summary>
    public static IReadOnlyList<string> RunLabels(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var labeller = new RunLabeller();
        return [.. names.Select(labeller.Next)];
    }

    /// <summary>Writes through a writer for the extension into a hidden file beside the target, renamed to it once complete (deleted on failure).</summary>
    private static (long Rows, T Result) WriteTo<T>(string path, Func<ITidyWriter, T> write)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".csv" or ".jsonl" or ".parquet"))
        {
            throw IngestException.UnsupportedOutput(path);
        }

        var full = Path.GetFullPath(path);
        var partial = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.partial");
        try
        {
            T result;
            long rows;
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            using (ITidyWriter writer = extension switch
            {
                ".csv" => new CsvTidyWriter(stream),
                ".jsonl" => new JsonlTidyWriter(stream),
                _ => new ParquetTidyWriter(stream),
            })
            {
                result = write(writer);
                writer.Complete();
                rows = writer.Rows;
            }

            File.Move(partial, full, overwrite: true);
            return (rows, result);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
