using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

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
        JObject root;
        try
        {
            root = JObject.Parse(text, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load });
        }
        catch (JsonReaderException exception)
        {
            throw IngestException.Malformed(path, exception.LineNumber, $"the name mapping is not valid JSON ({FirstSentence(exception.Message)})");
        }

        var rules = new List<NameRule>();
        foreach (var property in root.Properties())
        {
            var line = ((IJsonLineInfo)property).LineNumber;
            switch (property.Value)
            {
                case { Type: JTokenType.Null }:
                    rules.Add(Rule(path, line, property.Name, null, 1.0, null, null));
                    break;
                case JValue { Type: JTokenType.String } value:
                    rules.Add(Rule(path, line, property.Name, (string?)value, 1.0, null, null));
                    break;
                case JObject spec:
                    var canonical = spec.Value<string?>("canonical");
                    var scale = spec["scale"] is { Type: JTokenType.Float or JTokenType.Integer } s ? s.Value<double>() : 1.0;
                    var formats = spec["formats"] is JArray array ? array.Values<string>().OfType<string>().ToHashSet(StringComparer.Ordinal) : null;
                    rules.Add(Rule(path, line, property.Name, canonical, scale, spec.Value<string?>("benchmark"), formats));
                    break;
                default:
                    throw IngestException.Malformed(path, line, $"the mapping of '{property.Name}' must be a canonical name, null, or an object with \"canonical\"");
            }
        }

        return rules;
    }

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
