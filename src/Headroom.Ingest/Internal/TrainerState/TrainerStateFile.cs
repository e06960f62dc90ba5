using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Headroom.Ingest;

/// <summary>
/// One `trainer_state.json` (HF `TrainerState.save_to_json`: json.dumps(asdict, indent=2, sort_keys=True), so bare
/// NaN/Infinity may appear), parsed as a stream: each `log_history` entry is handed on as it is read and never
/// kept, so a file of any size reads in bounded memory, and a file cut anywhere keeps every entry before the cut.
/// </summary>
internal sealed class TrainerStateFile
{
    private TrainerStateFile(string path) => Path = path;

    public string Path { get; }

    public long? GlobalStep { get; private set; }

    /// <summary>Entries read from <c>log_history</c>.</summary>
    public int Entries { get; private set; }

    /// <summary>The top-level fields other than <c>log_history</c>.</summary>
    public Dictionary<string, JToken> TopLevel { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the file, calling <paramref name="onEntry"/> for each <c>log_history</c> entry with its line. Throws
    /// <see cref="IngestException"/> for an empty or binary file, a JSON object without <c>log_history</c> (not an HF
    /// state), and JSON that breaks off before any entry; under the lenient policy a break after some entries is
    /// counted and the entries before it are kept.
    /// </summary>
    public static TrainerStateFile Read(string path, RunBuilder run, Action<JObject, long> onEntry)
    {
        var file = new TrainerStateFile(path);
        TextFileCheck.Scan(path, run);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        using var text = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        using var reader = Json.Reader(text);
        var sawHistory = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
            {
                throw IngestException.Malformed(path, Math.Max(1, reader.LineNumber), "expected a JSON object (a trainer_state.json)");
            }

            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                var name = (string)reader.Value!;
                if (!reader.Read())
                {
                    break;
                }

                if (name == "log_history" && reader.TokenType == JsonToken.StartArray)
                {
                    sawHistory = true;
                    while (reader.Read() && reader.TokenType != JsonToken.EndArray)
                    {
                        var line = reader.LineNumber;
                        if (reader.TokenType != JsonToken.StartObject)
                        {
                            JToken.ReadFrom(reader);
                            run.Fault("log_history entry that is not an object", RunBuilder.AtLine(path, line),
                                () => IngestException.Malformed(path, line, "a log_history entry is not a JSON object"));
                            continue;
                        }

                        var entry = (JObject)JToken.ReadFrom(reader);
                        file.Entries++;
                        onEntry(entry, line);
                    }
                }
                else
                {
                    file.TopLevel[name] = JToken.ReadFrom(reader);
                }
            }

            // A file cut just after a log_history entry ends on that entry's EndObject: only the root's closes it.
            if (reader.TokenType != JsonToken.EndObject || reader.Depth != 0)
            {
                throw new JsonReaderException("Unexpected end of the file", reader.Path, reader.LineNumber, reader.LinePosition, null);
            }
        }
        catch (JsonReaderException exception)
        {
            var line = exception.LineNumber;
            if (run.Options.BadRecords == BadRecordPolicy.Strict || file.Entries == 0)
            {
                throw IngestException.Malformed(path, line,
                    $"the JSON breaks off or is malformed at position {exception.LinePosition} ({Json.Describe(exception)}){(file.Entries > 0 ? $"; {file.Entries} log_history entries came before it" : sawHistory ? string.Empty : "; no log_history entry came before it")}");
            }

            run.Skip("truncated or malformed JSON: the rest of the file was not read", RunBuilder.AtLine(path, line));
        }

        if (!sawHistory)
        {
            throw IngestException.NotATrainerState(path, file.TopLevel.Keys);
        }

        if (file.TopLevel.TryGetValue("global_step", out var step) && Json.TryNumber(step, out var globalStep) && Numbers.TryStep(globalStep, out var integral))
        {
            file.GlobalStep = integral;
        }

        return file;
    }

    /// <summary>The top-level scalars as metadata text; nested objects (stateful_callbacks) flattened with dots.</summary>
    public IEnumerable<KeyValuePair<string, string>> MetadataEntries()
    {
        foreach (var (name, token) in TopLevel)
        {
            foreach (var entry in Flatten(name, token))
            {
                yield return entry;
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Flatten(string prefix, JToken token)
    {
        if (token is JObject obj)
        {
            foreach (var property in obj.Properties())
            {
                foreach (var entry in Flatten($"{prefix}.{property.Name}", property.Value))
                {
                    yield return entry;
                }
            }
        }
        else if (token is JValue value)
        {
            yield return new(prefix, value.Type switch
            {
                JTokenType.Null => "null",
                JTokenType.Float => Json.ToDouble(value).ToString("R", CultureInfo.InvariantCulture),
                JTokenType.Boolean => value.Value<bool>() ? "true" : "false",
                _ => Convert.ToString(value.Value, CultureInfo.InvariantCulture) ?? string.Empty,
            });
        }
        else
        {
            yield return new(prefix, token.ToString(Formatting.None));
        }
    }
}
