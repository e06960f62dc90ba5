using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// The JSONL loop every JSON-lines reader shares: streams the file, skips blank lines, and turns each bad
/// line into a counted skip (lenient) or an error naming file and line (strict): binary data, invalid
/// UTF-8, malformed JSON, and a truncated last line (a run still being written). Every valid line before a
/// fault is kept. A file with no valid object at all is an error even when lenient.
/// </summary>
internal static class JsonLines
{
    /// <summary>
    /// Reads the lines of <paramref name="path"/>, handing each JSON object to <paramref name="onObject"/>; a reader
    /// with a faster way for its common lines gives <paramref name="tryLine"/>, which reads a sound line's bytes
    /// itself and returns true, or returns false having changed nothing (the line is then read as a document).
    /// </summary>
    public static void Read(string path, RunBuilder run, Action<JsonElement, TextLine> onObject, Func<TextLine, bool>? tryLine = null)
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

            var nul = Utf8Text.FindBinary(bytes);
            if (nul >= 0)
            {
                var error = IngestException.BinaryData(path, line.Offset + nul, 0);
                firstFault ??= error;
                run.Fault("binary data instead of a JSON line", RunBuilder.AtLine(path, line.Number), () => error);
                continue;
            }

            var bad = Utf8Text.FirstInvalid(bytes);
            if (bad >= 0)
            {
                var error = IngestException.InvalidUtf8(path, line.Offset + bad, line.Number);
                firstFault ??= error;
                run.Fault("invalid UTF-8 line", RunBuilder.AtLine(path, line.Number), () => error);
                continue;
            }

            if (tryLine?.Invoke(line) == true)
            {
                objects++;
                continue;
            }

            JsonDocument document;
            try
            {
                document = PythonJsonReader.Parse(line.Bytes);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    var kind = document.RootElement.ValueKind;
                    document.Dispose();
                    throw new JsonException($"Expected a JSON object, found {kind.ToString().ToLowerInvariant()}.");
                }
            }
            catch (JsonException exception)
            {
                var truncated = !line.EndedWithNewline;
                var error = IngestException.Malformed(path, line.Number, truncated
                    ? $"the last line breaks off ({PythonJsonReader.Describe(exception)}); the run may still be writing it"
                    : $"not a JSON object ({PythonJsonReader.Describe(exception)})");
                firstFault ??= error;
                run.Fault(truncated ? "truncated last line (a run still being written)" : "malformed JSON line", RunBuilder.AtLine(path, line.Number), () => error);
                continue;
            }

            using (document)
            {
                objects++;
                onObject(document.RootElement, line);
            }
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
    public static void AddField(RunBuilder run, string key, JsonElement value, long step, double? wallTime, string location, bool nullIsNaN)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                run.Add(key, step, PythonJsonReader.Number(value), wallTime);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                run.Add(key, step, value.ValueKind == JsonValueKind.True ? 1 : 0, wallTime);
                break;
            case JsonValueKind.Null when nullIsNaN:
                run.Add(key, step, double.NaN, wallTime);
                break;
            case JsonValueKind.Null:
                run.Skip($"null value of '{key}'", location);
                break;
            case JsonValueKind.String:
                AddText(run, key, value.GetString(), step, wallTime, location);
                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    AddField(run, $"{key}/{property.Name}", property.Value, step, wallTime, location, nullIsNaN);
                }

                break;
            default:
                run.Skip($"non-numeric value of '{key}'", location);
                break;
        }
    }

    /// <summary>Adds a text value that spells a number (NaN and infinities as Python prints them included); other text is counted.</summary>
    public static void AddText(RunBuilder run, string key, string? text, long step, double? wallTime, string location)
    {
        if (Numbers.TryParse(text, out var number))
        {
            run.Add(key, step, number, wallTime);
        }
        else
        {
            run.Skip($"non-numeric value of '{key}'", location);
        }
    }
}
