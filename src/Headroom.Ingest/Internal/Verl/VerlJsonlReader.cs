namespace Headroom.Ingest;

/// <summary>
/// verl's FileLogger (`verl/utils/tracking.py`): one `{"step": n, "data": {flat metrics}}` per line, written
/// with orjson, which turns NaN and infinities into null, so null is read as NaN here. Text values (verl
/// logs some strings) are counted as skipped per key; a resumed run appending to the file repeats steps
/// (counted, the later value wins).
/// </summary>
internal sealed class VerlJsonlReader : ILogReader, IStreamingReader
{
    public string Format => Formats.VerlJsonl;

    public bool CanRead(string path)
    {
        if (!File.Exists(path) || !path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var first = FilePeek.FirstLine(path, 1 << 20).Replace(" ", string.Empty, StringComparison.Ordinal);
        return first.StartsWith("{\"step\":", StringComparison.Ordinal) && first.Contains(",\"data\":{", StringComparison.Ordinal);
    }

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options) => RunStreams.Materialize(sink => Stream(path, options, sink));

    public void Stream(string path, ReaderOptions options, IRunSink sink)
    {
        var run = sink.Begin(Format, path, Path.GetFileNameWithoutExtension(path), options);
        var seen = new HashSet<long>();
        var fast = options.VerlFastLines ? new VerlFastLine() : null;
        Func<TextLine, bool>? tryLine = fast is null ? null : line =>
        {
            if (!fast.TryRead(line.Bytes.Span))
            {
                return false;
            }

            // The line's place is written out only when something in it is counted.
            string? location = null;
            string Location() => location ??= RunBuilder.AtLine(path, line.Number);
            if (seen.Contains(fast.Step))
            {
                JsonLines.CountRepeatedStep(run, seen, fast.Step, Location());
            }
            else
            {
                seen.Add(fast.Step);
            }

            fast.AddTo(run, Location);
            return true;
        };
        JsonLines.Read(path, run, (obj, line) =>
        {
            var location = RunBuilder.AtLine(path, line.Number);
            if (!obj.TryGetProperty("step", out var stepToken) || !PythonJsonReader.TryNumber(stepToken, out var stepValue) || !Numbers.TryStep(stepValue, out var step)
                || !obj.TryGetProperty("data", out var data) || data.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                run.Fault("line without an integral step and a data object", location,
                    () => IngestException.Malformed(path, line.Number, "expected {\"step\": <int>, \"data\": {...}}"));
                return;
            }

            JsonLines.CountRepeatedStep(run, seen, step, location);
            foreach (var property in data.EnumerateObject())
            {
                JsonLines.AddField(run, property.Name, property.Value, step, null, location, nullIsNaN: true);
            }
        }, tryLine);
        sink.End(run);
    }
}
