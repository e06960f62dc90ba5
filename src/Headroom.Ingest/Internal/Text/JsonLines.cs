using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Headroom.Ingest;

/// <summary>
/// The JSONL loop every JSON-lines reader shares: streams the file, skips blank lines, and turns each bad
/// line into a counted skip (lenient) or an error naming file and line (strict): binary data, invalid
/// UTF-8, malformed JSON, and a truncated last line (a run still being written). Every valid line before a
/// fault is kept. A file with no valid object at all is an error even when lenient.
/// </summary>
internal static class JsonLines
{
    public static void Read(string path, RunBuilder run, Action<JObject, TextLine> onObject)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096);
        if (file.Length == 0)
        {
            throw IngestException.EmptyFile(path);
        }

        var window = run.Options.Window ?? LineWindow.Whole;
        using var stream = window.Open(file);
        var reader = new LineReader(stream, run.Options.BufferSize, window.Start, window.LinesBefore);
        var objects = 0;
        IngestException? firstFault = null;
        while (reader.TryRead(out var line))
        {
            var bytes = line.Bytes.Span;
            if (bytes.Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            var location = RunBuilder.AtLine(path, line.Number);
            var nul = Utf8Text.FindBinary(bytes);
            if (nul >= 0)
            {
                var error = IngestException.BinaryData(path, line.Offset + nul, 0);
                firstFault ??= error;
                run.Fault("binary data instead of a JSON line", location, () => error);
                continue;
            }

            if (!Utf8Text.TryDecode(bytes, out var text, out var bad))
            {
                var error = IngestException.InvalidUtf8(path, line.Offset + bad, line.Number);
                firstFault ??= error;
                run.Fault("invalid UTF-8 line", location, () => error);
                continue;
            }

            JObject obj;
            try
            {
                obj = Json.ParseObject(text);
            }
            catch (JsonReaderException exception)
            {
                var truncated = !line.EndedWithNewline;
                var error = IngestException.Malformed(path, line.Number, truncated
                    ? $"the last line breaks off ({Json.Describe(exception)}); the run may still be writing it"
                    : $"not a JSON object ({Json.Describe(exception)})");
                firstFault ??= error;
                run.Fault(truncated ? "truncated last line (a run still being written)" : "malformed JSON line", location, () => error);
                continue;
            }

            objects++;
            onObject(obj, line);
        }

        if (objects == 0)
        {
            throw firstFault ?? IngestException.EmptyFile(path);
        }
    }

    /// <summary>Counts lines that repeat an earlier step (duplicated writers, resumed runs); the later values win.</summary>
    public static void CountRepeatedStep(RunBuilder run, HashSet<long> seen, long step, string location)
    {
        if (!seen.Add(step))
        {
            run.Skip("line repeats an earlier step (where both lines hold a key, the later value was kept)", location);
        }
    }

    /// <summary>Adds the numeric value of one JSON field; null, text and nested values are counted by reason.</summary>
    public static void AddField(RunBuilder run, string key, JToken value, long step, double? wallTime, string location, bool nullIsNaN)
    {
        switch (value.Type)
        {
            case JTokenType.Integer or JTokenType.Float:
                run.Add(key, step, Json.ToDouble((JValue)value), wallTime);
                break;
            case JTokenType.Boolean:
                run.Add(key, step, value.Value<bool>() ? 1 : 0, wallTime);
                break;
            case JTokenType.Null when nullIsNaN:
                run.Add(key, step, double.NaN, wallTime);
                break;
            case JTokenType.Null:
                run.Skip($"null value of '{key}'", location);
                break;
            case JTokenType.String when Numbers.TryParse((string?)value, out var number):
                run.Add(key, step, number, wallTime);
                break;
            case JTokenType.Object:
                foreach (var property in ((JObject)value).Properties())
                {
                    AddField(run, $"{key}/{property.Name}", property.Value, step, wallTime, location, nullIsNaN);
                }

                break;
            default:
                run.Skip($"non-numeric value of '{key}'", location);
                break;
        }
    }
}
