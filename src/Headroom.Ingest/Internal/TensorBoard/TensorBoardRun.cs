using System.Globalization;

namespace Headroom.Ingest;

/// <summary>
/// Streams the event files of one run folder into a sink, point by point in bounded memory. Restarts leave several
/// files; they are read one after another, so the last value written for a tag and step wins. "Last" is decided
/// by file, then by position in the file: files are ordered by the wall time of their first event (the moment the
/// writer opened them; the `%010d` Unix time in the file name says the same), ties and files without wall time by
/// file name. Wall time does not reorder records inside a file, whose order is the order the writer wrote them in.
/// </summary>
internal static class TensorBoardRun
{
    public static void Stream(string format, string path, string name, IReadOnlyList<string> files, ReaderOptions options, IRunSink sink)
    {
        var ordered = files.Count == 1
            ? files
            : [.. files.OrderBy(file => FirstWallTime(file, options) ?? double.PositiveInfinity).ThenBy(file => file, StringComparer.Ordinal)];
        var run = sink.Begin(format, path, name, options);
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!));
        if (folder is "train" or "validation")
        {
            // TF2 Keras writes `epoch_loss` in both folders: the folder says which it is.
            run.NameContext = folder + "/";
        }

        var decoder = new EventDecoder();
        var keys = new KeyMap();
        long records = 0;
        foreach (var file in ordered)
        {
            using var scanner = EventFileScanner.Open(file, options, decoder, run.Skipped, summarise: run.Store is ISpanStore);
            records += AddScalars(run, scanner, keys);
        }

        End(run, decoder, ordered.Count, records, sink);
    }

    /// <summary>Streams one event file given as an open stream (named <paramref name="file"/> in messages) as a run.</summary>
    public static void Stream(string format, string path, string name, string file, Stream stream, ReaderOptions options, IRunSink sink)
        => Stream(format, path, name, (decoder, skipped, _) => new EventFileScanner(file, stream, options, decoder, skipped), options, sink);

    /// <summary>
    /// Streams one event file as a run through the scanner <paramref name="open"/> makes for the run's decoder and skip
    /// tally (its third argument: whether the run's store takes the totals of stretches, <see cref="ScalarBatch.Spans"/>).
    /// </summary>
    public static void Stream(string format, string path, string name, Func<EventDecoder, SkipTally, bool, IScalarScanner> open, ReaderOptions options, IRunSink sink)
    {
        var run = sink.Begin(format, path, name, options);
        var decoder = new EventDecoder();
        using var scanner = open(decoder, run.Skipped, run.Store is ISpanStore);
        var records = AddScalars(run, scanner, new KeyMap());
        End(run, decoder, 1, records, sink);
    }

    private static long AddScalars(RunBuilder run, IScalarScanner scanner, KeyMap keys)
    {
        var tags = scanner.Decoder.Tags;
        ScalarBatch batch;
        while ((batch = scanner.ReadBatch()).Count > 0)
        {
            if (batch.Spans.IsEmpty)
            {
                AddPoints(run, batch, keys, tags, only: null);
            }
            else if (AddSpans(run, batch, keys, tags) is { } pointByPoint)
            {
                AddPoints(run, batch, keys, tags, only: pointByPoint);
            }
        }

        return scanner.Records;
    }

    // Adds the batch's points one by one: all of them, or those of the tags marked in `only` (by the batch's tag id).
    private static void AddPoints(RunBuilder run, ScalarBatch batch, KeyMap keys, TagTable tags, bool[]? only)
    {
        foreach (ref readonly var point in batch.Span)
        {
            if (only is null || only[point.TagId])
            {
                run.Add(keys.Of(batch.RunTagId(point.TagId), tags, run), point.Step, point.Value, point.WallTime);
            }
        }
    }

    // Adds each tag's totals whole where the store takes them (RunningSummaries, past a series' first points). Returns
    // null when all were taken, else the tags (by the batch's tag id) whose points must still be added one by one.
    private static bool[]? AddSpans(RunBuilder run, ScalarBatch batch, KeyMap keys, TagTable tags)
    {
        bool[]? pointByPoint = null;
        foreach (ref readonly var span in batch.Spans.Span)
        {
            var key = keys.Of(batch.RunTagId(span.TagId), tags, run);
            if (!run.TryAdd(key, span))
            {
                pointByPoint ??= new bool[batch.TagIds!.Length];
                pointByPoint[span.TagId] = true;
            }
        }

        return pointByPoint;
    }

    private static void End(RunBuilder run, EventDecoder decoder, int files, long records, IRunSink sink)
    {
        run.Metadata["event_files"] = files.ToString(CultureInfo.InvariantCulture);
        run.Metadata["records"] = records.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in decoder.Metadata)
        {
            run.Metadata[key] = value;
        }

        if (decoder.FileVersion is { } version)
        {
            run.Metadata["file_version"] = version;
        }

        sink.End(run);
    }

    /// <summary>The wall time of a file's first event (read from its first records only), or null.</summary>
    private static double? FirstWallTime(string file, ReaderOptions options)
    {
        using var scanner = new EventFileScanner(file, EventFileScanner.OpenStream(file), options with { BadRecords = BadRecordPolicy.Lenient }, new EventDecoder(), new SkipTally());
        while (scanner.FirstWallTime is null && !scanner.Finished && scanner.ReadBatch().Count > 0)
        {
        }

        return scanner.FirstWallTime;
    }

    /// <summary>The run's key id of each tag id, looked up once per tag.</summary>
    private sealed class KeyMap
    {
        private int[] _keys = [];

        public int Of(int tagId, TagTable tags, RunBuilder run)
        {
            if (tagId < _keys.Length && _keys[tagId] > 0)
            {
                return _keys[tagId] - 1;
            }

            if (tagId >= _keys.Length)
            {
                Array.Resize(ref _keys, Math.Max(tagId + 1, 2 * _keys.Length));
            }

            var key = run.KeyId(tags.NameOf(tagId));
            _keys[tagId] = key + 1;
            return key;
        }
    }
}
