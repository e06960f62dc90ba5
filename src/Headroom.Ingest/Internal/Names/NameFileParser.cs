using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Headroom.Ingest;

/// <summary>Reads a user's mapping file (JSON, or `raw = canonical` lines) into rules; see <see cref="CanonicalNames.WithFile"/>.</summary>
internal static class NameFileParser
{
    private const string RegexPrefix = "re:";

    public static IReadOnlyList<NameRule> Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw IngestException.NotFound(path);
        }

        var text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw IngestException.EmptyFile(path);
        }

        return text.TrimStart().StartsWith('{') ? ParseJson(path, text) : ParseLines(path, text);
    }

    private static List<NameRule> ParseJson(string path, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
        var rules = new List<NameRule>();
        long line = 1;
        var counted = 0;
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var start = (int)reader.TokenStartIndex;
                line += bytes.AsSpan(counted, start - counted).Count((byte)'\n');
                counted = start;
                var key = reader.GetString()!;
                reader.Read();
                rules.Add(Rule(path, line, key, JsonElement.ParseValue(ref reader)));
            }

            // Anything after the closing brace is an error of the reader's own.
            reader.Read();
        }
        catch (JsonException exception)
        {
            throw IngestException.Malformed(path, (exception.LineNumber ?? line - 1) + 1, $"the name mapping is not valid JSON ({PythonJsonReader.Describe(exception)})");
        }

        return rules;
    }

    private static NameRule Rule(string path, long line, string key, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return Rule(path, line, key, null, 1.0, null, null);
            case JsonValueKind.String:
                return Rule(path, line, key, value.GetString(), 1.0, null, null);
            case JsonValueKind.Object:
                var canonical = PythonJsonReader.String(Member(value, "canonical"));
                var scale = Member(value, "scale") is { ValueKind: JsonValueKind.Number } s ? PythonJsonReader.Number(s) : 1.0;
                var formats = Member(value, "formats") is { ValueKind: JsonValueKind.Array } array
                    ? array.EnumerateArray().Select(e => PythonJsonReader.String(e)).OfType<string>().ToHashSet(StringComparer.Ordinal)
                    : null;
                return Rule(path, line, key, canonical, scale, PythonJsonReader.String(Member(value, "benchmark")), formats);
            default:
                throw IngestException.Malformed(path, line, $"the mapping of '{key}' must be a canonical name, null, or an object with \"canonical\"");
        }
    }

    private static JsonElement? Member(JsonElement obj, string name) => obj.TryGetProperty(name, out var value) ? value : null;

    private static List<NameRule> ParseLines(string path, string text)
    {
        var rules = new List<NameRule>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            // Canonical names never hold '=', raw keys rarely do: split at the last one.
            var equals = line.LastIndexOf('=');
            if (equals <= 0)
            {
                throw IngestException.Malformed(path, i + 1, $"expected 'raw_key = canonical_name', got '{trimmed}'");
            }

            var raw = line[..equals].Trim();
            var right = line[(equals + 1)..].Trim();
            var scale = 1.0;
            var star = right.IndexOf('*');
            if (star >= 0)
            {
                var factor = right[(star + 1)..].Trim();
                if (!double.TryParse(factor, NumberStyles.Float, CultureInfo.InvariantCulture, out scale) || !double.IsFinite(scale))
                {
                    throw IngestException.Malformed(path, i + 1, $"the scale '{factor}' is not a number");
                }

                right = right[..star].Trim();
            }

            rules.Add(Rule(path, i + 1, raw, right.Length == 0 ? null : right, scale, null, null));
        }

        return rules;
    }

    private static NameRule Rule(string path, long line, string key, string? canonical, double scale, string? benchmark, HashSet<string>? formats)
    {
        if (key.Length == 0)
        {
            throw IngestException.Malformed(path, line, "the raw key is empty");
        }

        if (!key.StartsWith(RegexPrefix, StringComparison.Ordinal))
        {
            return new NameRule(key, null, canonical, scale, benchmark, formats);
        }

        var pattern = key[RegexPrefix.Length..];
        try
        {
            return new NameRule(null, new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), canonical, scale, benchmark, formats);
        }
        catch (ArgumentException exception)
        {
            throw IngestException.Malformed(path, line, $"the pattern '{pattern}' is not a valid regular expression ({FirstSentence(exception.Message)})");
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
