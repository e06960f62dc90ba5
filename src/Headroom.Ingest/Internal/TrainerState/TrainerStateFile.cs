using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// One `trainer_state.json` (HF `TrainerState.save_to_json`: json.dumps(asdict, indent=2, sort_keys=True), so bare
/// NaN/Infinity may appear), parsed as a stream (<see cref="JsonFileStream"/>): each `log_history` entry is handed on
/// as it is read and never kept, so a file of any size reads in bounded memory, and a file cut anywhere keeps every
/// entry before the cut. The history itself is read by hand (<see cref="LogHistoryScanner"/>), a tokenizer's work
/// being most of the time a large file takes; the stream reader takes up the file again after it, or at the first
/// entry that is not well-formed, so what it reports and where is the same.
/// </summary>
internal sealed class TrainerStateFile
{
    private const int BufferSize = 1 << 20;

    /// <summary>How far into a file the history's start is looked for (HF sorts keys: it comes within the first lines).</summary>
    private const int HeadBytes = 1 << 20;

    private TrainerStateFile(string path) => Path = path;

    public string Path { get; }

    public long? GlobalStep { get; private set; }

    /// <summary>Entries read from <c>log_history</c>.</summary>
    public int Entries { get; private set; }

    /// <summary>The top-level scalars as metadata text; nested objects (stateful_callbacks) flattened with dots.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MetadataEntries => _metadata;

    /// <summary>The top-level field names, in order (what a file that is not an HF state holds instead).</summary>
    private readonly List<string> _names = [];
    private readonly List<KeyValuePair<string, string>> _metadata = [];
    private readonly Dictionary<string, double> _numbers = new(StringComparer.Ordinal);

    /// <summary>True once the (first) history was read by the scanner; a second `log_history` is read by the stream reader.</summary>
    private bool _scanned;

    /// <summary>The number a top-level field holds (a number or a numeric string), if it holds one.</summary>
    public bool TryNumber(string name, out double value) => _numbers.TryGetValue(name, out value);

    /// <summary>
    /// Reads the file, calling <paramref name="onEntry"/> for each <c>log_history</c> entry. Throws
    /// <see cref="IngestException"/> for an empty or binary file, a JSON object without <c>log_history</c> (not an HF
    /// state), and JSON that breaks off before any entry; under the lenient policy a break after some entries is
    /// counted and the entries before it are kept.
    /// </summary>
    public static TrainerStateFile Read(string path, RunBuilder run, Action<TrainerStateEntry> onEntry)
    {
        var file = new TrainerStateFile(path);
        TextFileCheck.Scan(path, run);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var json = new JsonFileStream(stream, (int)Math.Min(BufferSize, stream.Length + 1));
        var keys = new Utf8KeyTable(run.KeyId);
        var entry = new TrainerStateEntry();
        var reader = json.Start();
        var sawHistory = false;
        try
        {
            if (!json.Read(ref reader) || reader.TokenType != JsonTokenType.StartObject)
            {
                throw IngestException.Malformed(path, 1, "expected a JSON object (a trainer_state.json)");
            }

            while (json.Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                file._names.Add(name);
                if (!json.Read(ref reader))
                {
                    break;
                }

                if (name == "log_history" && reader.TokenType == JsonTokenType.StartArray)
                {
                    sawHistory = true;
                    if (run.Options.TrainerStateHistoryBuffer > 0 && !file._scanned && HistoryStart(stream, json.LineOf(reader)) is { } start && json.ByteInLineAfter(reader) is { } readerByte)
                    {
                        // The entries are read by hand; the stream reader takes up again at the closing bracket, or
                        // at the first entry that is not well-formed, and reads the rest as before.
                        file._scanned = true;
                        var handover = ScanHistory(stream, start, run, keys, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (scanned) =>
                        {
                            file.Entries++;
                            onEntry(scanned);
                        });
                        reader = json.Resume(handover.Offset, handover.Line, handover.ByteInLine, reader.CurrentState, start.Line - 1, readerByte);
                    }

                    while (json.Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var line = json.LineOf(reader);
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            json.Skip(ref reader);
                            run.Fault("log_history entry that is not an object", RunBuilder.AtLine(path, line),
                                () => IngestException.Malformed(path, line, "a log_history entry is not a JSON object"));
                            continue;
                        }

                        entry.Clear(line);
                        ReadEntry(json, ref reader, keys, entry);
                        file.Entries++;
                        onEntry(entry);
                    }
                }
                else
                {
                    file.AddTopLevel(json, ref reader, name);
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0)
            {
                throw new JsonException("The file ends before the JSON does.", path, json.LineOf(reader) - 1, null);
            }
        }
        catch (JsonException exception)
        {
            if (run.Options.BadRecords == BadRecordPolicy.Strict || file.Entries == 0)
            {
                throw PythonJsonReader.Malformed(path, exception, "the JSON breaks off or is malformed",
                    file.Entries > 0 ? $"; {file.Entries} log_history entries came before it" : sawHistory ? string.Empty : "; no log_history entry came before it");
            }

            run.Skip("truncated or malformed JSON: the rest of the file was not read", RunBuilder.AtLine(path, (exception.LineNumber ?? 0) + 1));
        }

        if (!sawHistory)
        {
            throw IngestException.NotATrainerState(path, file._names);
        }

        if (file.TryNumber("global_step", out var globalStep) && Numbers.TryStep(globalStep, out var integral))
        {
            file.GlobalStep = integral;
        }

        return file;
    }

    /// <summary>
    /// Reads the history whose <c>[</c> is at <paramref name="start"/> by hand: in pieces, on several threads, when it
    /// is larger than two pieces (<see cref="ChunkedLogHistory"/>), else with one <see cref="LogHistoryScanner"/>.
    /// </summary>
    private static LogHistoryScanner.Handover ScanHistory(FileStream stream, (long Offset, long Line, long ByteAfter) start, RunBuilder run, Utf8KeyTable keys, Action<TrainerStateEntry> onEntry)
    {
        var handle = stream.SafeFileHandle;
        ReadAt read = (offset, destination) => RandomAccess.Read(handle, destination, offset);
        var options = run.Options;
        var threads = options.TrainerStateHistoryThreads > 0 ? options.TrainerStateHistoryThreads : Math.Min(Environment.ProcessorCount, 4);
        var history = start.Offset + 1;
        var length = stream.Length;
        return length - history > 2L * options.TrainerStateHistoryChunk
            ? ChunkedLogHistory.Read(read, length, history, start.Line, start.ByteAfter, options.TrainerStateHistoryChunk, threads - 1, run.KeyId, onEntry)
            : LogHistoryScanner.Read(read, history, start.Line, start.ByteAfter, options.TrainerStateHistoryBuffer, keys, onEntry);
    }

    /// <summary>Where the top-level history's <c>[</c> is, found in the file's first bytes, when it is the one the reader stands on (at <paramref name="line"/>).</summary>
    private static (long Offset, long Line, long ByteAfter)? HistoryStart(FileStream stream, long line)
    {
        var head = new byte[(int)Math.Min(HeadBytes, stream.Length)];
        stream.Seek(0, SeekOrigin.Begin);
        stream.ReadExactly(head);
        return LogHistoryScan.ArrayStart(head) is { } start && start.Line == line ? (start.Index, start.Line, start.ByteAfter) : null;
    }

    /// <summary>Reads the members of an entry up to its closing brace: numbers (and numeric strings) are values, the rest is noted.</summary>
    internal static void ReadEntry(JsonFileStream json, ref Utf8JsonReader reader, Utf8KeyTable keys, TrainerStateEntry entry)
    {
        keys.NewObject();
        while (json.Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (key, id) = keys.Find(ref reader);
            var isStep = id == Utf8KeyTable.Step;
            if (!json.Read(ref reader))
            {
                return;
            }

            double? number = reader.TokenType switch
            {
                JsonTokenType.Number => PythonJsonReader.Number(reader.ValueSpan),
                JsonTokenType.String when Numbers.TryParse(reader.GetString(), out var parsed) => parsed,
                _ => null,
            };
            if (isStep)
            {
                entry.HasStep = true;
                entry.Step = number;
                json.Skip(ref reader);
            }
            else if (number is { } value)
            {
                entry.Add(id, value);
            }
            else
            {
                entry.Skip(reader.TokenType == JsonTokenType.Null ? $"null value of '{key}'" : $"non-numeric value of '{key}'");
                json.Skip(ref reader);
            }
        }
    }

    /// <summary>Takes a top-level field as metadata (and as a number when it is one), streaming through objects.</summary>
    private void AddTopLevel(JsonFileStream json, ref Utf8JsonReader reader, string name)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                _numbers[name] = PythonJsonReader.Number(reader.ValueSpan);
                break;
            case JsonTokenType.String when Numbers.TryParse(reader.GetString(), out var parsed):
                _numbers[name] = parsed;
                break;
        }

        Flatten(json, ref reader, name);
    }

    private void Flatten(JsonFileStream json, ref Utf8JsonReader reader, string prefix)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                while (json.Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var member = $"{prefix}.{reader.GetString()}";
                    if (!json.Read(ref reader))
                    {
                        return;
                    }

                    Flatten(json, ref reader, member);
                }

                break;
            case JsonTokenType.StartArray:
                _metadata.Add(new(prefix, Compact(json, ref reader)));
                break;
            case JsonTokenType.String:
                _metadata.Add(new(prefix, reader.GetString()!));
                break;
            case JsonTokenType.Number:
                _metadata.Add(new(prefix, PythonJsonReader.Text(reader.ValueSpan)));
                break;
            default:
                _metadata.Add(new(prefix, reader.TokenType switch
                {
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    _ => "null",
                }));
                break;
        }
    }

    /// <summary>An array as compact JSON text, token by token.</summary>
    private static string Compact(JsonFileStream json, ref Utf8JsonReader reader)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            var depth = reader.CurrentDepth;
            while (true)
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.PropertyName:
                        writer.WritePropertyName(reader.GetString()!);
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(reader.GetString());
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                        break;
                    default:
                        writer.WriteNullValue();
                        break;
                }

                if ((reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth) || !json.Read(ref reader))
                {
                    break;
                }
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
