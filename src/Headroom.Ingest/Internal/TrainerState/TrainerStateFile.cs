using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Headroom.Ingest;

/// <summary>
/// One parsed `trainer_state.json` (HF `TrainerState.save_to_json`: json.dumps(asdict, indent=2,
/// sort_keys=True), so bare NaN/Infinity may appear). Parsed as a stream so that a truncated file keeps every
/// `log_history` entry before the fault.
/// </summary>
internal sealed class TrainerStateFile
{
    private TrainerStateFile(string path) => Path = path;

    public string Path { get; }

    public long? GlobalStep { get; private set; }

    public List<(JObject Entry, long Line)> LogHistory { get; } = [];

    public Dictionary<string, JToken> TopLevel { get; } = new(StringComparer.Ordinal);

    public static TrainerStateFile Parse(string path, RunBuilder run)
    {
        var file = new TrainerStateFile(path);
        var text = TextDocument.Read(path, run);
        using var reader = Json.Reader(new StringReader(text));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
            {
                throw IngestException.Malformed(path, reader.LineNumber, "expected a JSON object (a trainer_state.json)");
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

                        file.LogHistory.Add(((JObject)JToken.ReadFrom(reader), line));
                    }
                }
                else
                {
                    file.TopLevel[name] = JToken.ReadFrom(reader);
                }
            }
        }
        catch (JsonReaderException exception)
        {
            var line = exception.LineNumber;
            if (run.Options.BadRecords == BadRecordPolicy.Strict || file.LogHistory.Count == 0)
            {
                throw IngestException.Malformed(path, line,
                    $"the JSON breaks off or is malformed at position {exception.LinePosition} ({Json.Describe(exception)}){(file.LogHistory.Count > 0 ? $"; {file.LogHistory.Count} log_history entries came before it" : string.Empty)}");
            }

            run.Skip("truncated or malformed JSON: the rest of the file was not read", RunBuilder.AtLine(path, line));
        }

        if (file.TopLevel.TryGetValue("global_step", out var step) && step.Type == JTokenType.Integer)
        {
            file.GlobalStep = step.Value<long>();
        }

        if (file.TopLevel.Count == 0 && file.LogHistory.Count == 0)
        {
            throw IngestException.NoRecords(path, "the JSON object has neither log_history nor trainer state fields");
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
                JTokenType.Float => value.Value<double>().ToString("R", CultureInfo.InvariantCulture),
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
