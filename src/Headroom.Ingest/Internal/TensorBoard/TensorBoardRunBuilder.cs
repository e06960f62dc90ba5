using System.Globalization;

namespace Headroom.Ingest;

/// <summary>
/// Gathers the event files of one run folder into a <see cref="RunLog"/>. Restarts leave several
/// files; they are merged per tag and step, the last value written winning. "Last" is decided by
/// file, then by position in the file: files are ordered by the wall time of their first event (the
/// moment the writer opened them; the `%010d` Unix time in the file name says the same), ties and
/// files without wall time by file name. Wall time does not reorder records inside a file, whose
/// order is the order the writer wrote them in.
/// </summary>
internal sealed class TensorBoardRunBuilder
{
    private readonly EventDecoder _decoder = new();
    private readonly SkipTally _skipped = new();
    private readonly List<FileContent> _files = [];

    /// <summary>Reads one event file of the run.</summary>
    public void AddFile(string path, ReaderOptions options) => AddFile(path, EventFileScanner.Open(path, options, _decoder, _skipped));

    /// <summary>Reads one event file's bytes from a stream (named <paramref name="path"/> in messages).</summary>
    public void AddStream(string path, Stream stream, ReaderOptions options)
        => AddFile(path, new EventFileScanner(path, stream, options, _decoder, _skipped));

    private void AddFile(string path, IScalarScanner opened)
    {
        var perTag = new List<List<MetricPoint>?>();
        using var scanner = opened;
        ScalarBatch batch;
        while ((batch = scanner.ReadBatch()).Count > 0)
        {
            foreach (var point in batch.Span)
            {
                var tagId = batch.RunTagId(point.TagId);
                while (perTag.Count <= tagId)
                {
                    perTag.Add(null);
                }

                (perTag[tagId] ??= []).Add(new MetricPoint(point.Step, point.Value, point.WallTime));
            }
        }

        _files.Add(new FileContent(path, scanner.FirstWallTime, scanner.Records, perTag));
    }

    /// <summary>The run: one series per tag that had scalars, in key order.</summary>
    public RunLog Build(string format, string path, string name, ReaderOptions options)
    {
        var ordered = _files
            .OrderBy(file => file.FirstWallTime ?? double.PositiveInfinity)
            .ThenBy(file => file.Path, StringComparer.Ordinal)
            .ToArray();

        var series = new List<MetricSeries>();
        for (var tagId = 0; tagId < _decoder.Tags.Count; tagId++)
        {
            var segments = ordered
                .Select(file => tagId < file.PerTag.Count ? file.PerTag[tagId] : null)
                .OfType<List<MetricPoint>>()
                .ToArray();
            if (segments.Length == 0)
            {
                continue;
            }

            var key = _decoder.Tags.NameOf(tagId);
            var points = SeriesMerge.LastValuePerStep(segments.SelectMany(segment => segment));
            series.Add(new MetricSeries(key, options.Names.Map(format, key), points));
        }

        series.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["event_files"] = _files.Count.ToString(CultureInfo.InvariantCulture),
            ["records"] = _files.Sum(file => file.Records).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in _decoder.Metadata)
        {
            metadata[key] = value;
        }

        if (_decoder.FileVersion is { } version)
        {
            metadata["file_version"] = version;
        }

        return new RunLog(format, path, name, series, metadata, _skipped.ToList());
    }

    private sealed record FileContent(string Path, double? FirstWallTime, long Records, List<List<MetricPoint>?> PerTag);
}
