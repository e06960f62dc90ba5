using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// Turns one W&amp;B value (a <c>value_json</c> string of the datastore, or a value of
/// wandb-summary.json / wandb-history.jsonl) into numbers: a number (bare NaN/Infinity as Python
/// writes them) is itself, <c>null</c> is NaN, a nested object without <c>_type</c> is flattened
/// into <c>key.sub</c> numbers; media and histograms (objects with <c>_type</c>), strings,
/// booleans and lists are not numbers and come back as skip reasons.
/// </summary>
internal static class WandbValue
{
    /// <summary>Reads <paramref name="json"/> (UTF-8), reporting each number or skip reason under its key.</summary>
    public static void Read(string key, ReadOnlySpan<byte> json, List<(string Key, double Value)> numbers, List<string> skipReasons)
    {
        var trimmed = json.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            skipReasons.Add("empty value");
            return;
        }

        switch (trimmed[0])
        {
            case (byte)'{':
                ReadElement(key, Parse(Encoding.UTF8.GetString(trimmed)), numbers, skipReasons);
                return;
            case (byte)'[':
                skipReasons.Add("non-scalar value (list)");
                return;
            case (byte)'"':
                skipReasons.Add("non-numeric value (string)");
                return;
            case (byte)'t' or (byte)'f':
                skipReasons.Add("non-numeric value (boolean)");
                return;
            case (byte)'n' when trimmed.SequenceEqual("null"u8):
                numbers.Add((key, double.NaN));
                return;
        }

        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            numbers.Add((key, number));
        }
        else
        {
            skipReasons.Add("value that is not valid JSON");
        }
    }

    /// <summary>Reads an already parsed value (summary and history JSON files).</summary>
    public static void ReadElement(string key, JsonElement? element, List<(string Key, double Value)> numbers, List<string> skipReasons)
    {
        if (element is not { } value)
        {
            skipReasons.Add("value that is not valid JSON");
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                numbers.Add((key, value.GetDouble()));
                break;
            case JsonValueKind.Null:
                numbers.Add((key, double.NaN));
                break;
            case JsonValueKind.String when NonFiniteJson.TryNumber(value.GetString()!, out var nonFinite):
                numbers.Add((key, nonFinite));
                break;
            case JsonValueKind.String:
                skipReasons.Add("non-numeric value (string)");
                break;
            case JsonValueKind.True or JsonValueKind.False:
                skipReasons.Add("non-numeric value (boolean)");
                break;
            case JsonValueKind.Array:
                skipReasons.Add("non-scalar value (list)");
                break;
            case JsonValueKind.Object when value.TryGetProperty("_type", out var type):
                skipReasons.Add($"non-scalar value ({(type.ValueKind == JsonValueKind.String ? type.GetString() : "object")})");
                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    ReadElement($"{key}.{property.Name}", property.Value, numbers, skipReasons);
                }

                break;
        }
    }

    /// <summary>Parses a whole Python-written JSON file; throws <see cref="IngestException"/> naming the line and byte where it breaks off or is malformed.</summary>
    public static JsonElement ParseFile(string path)
    {
        var text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw IngestException.EmptyFile(path);
        }

        try
        {
            using var document = JsonDocument.Parse(NonFiniteJson.QuoteNonFiniteTokens(text));
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw IngestException.Malformed(path, (exception.LineNumber ?? 0) + 1, $"the JSON breaks off or is malformed at byte {exception.BytePositionInLine ?? 0} of the line");
        }
    }

    /// <summary>Parses Python-written JSON text; null when it does not parse.</summary>
    public static JsonElement? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(NonFiniteJson.QuoteNonFiniteTokens(json));
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
