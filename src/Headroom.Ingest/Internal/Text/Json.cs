using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Headroom.Ingest;

/// <summary>
/// JSON reading shared by the text readers. Newtonsoft.Json, because Python writes bare `NaN`, `Infinity`
/// and `-Infinity` (json.dumps allow_nan=True) and System.Text.Json rejects them (dotnet/runtime #111494).
/// Dates stay strings; numbers are doubles.
/// </summary>
internal static class Json
{
    public static JsonTextReader Reader(TextReader text) => new(text)
    {
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Double,
        MaxDepth = 256,
    };

    /// <summary>Parses one JSON object (a JSONL line); throws <see cref="JsonReaderException"/> when it is not one.</summary>
    public static JObject ParseObject(string text)
    {
        using var reader = Reader(new StringReader(text));
        var token = JToken.ReadFrom(reader);
        if (reader.Read() && reader.TokenType != JsonToken.Comment)
        {
            throw new JsonReaderException($"Additional text after the JSON value at position {reader.LinePosition}.");
        }

        return token as JObject ?? throw new JsonReaderException($"Expected a JSON object, found {token.Type}.");
    }

    /// <summary>The number a scalar token holds, if it holds one: integers, floats (NaN and infinities included) and numeric strings.</summary>
    public static bool TryNumber(JToken token, out double value)
    {
        switch (token.Type)
        {
            case JTokenType.Integer:
            case JTokenType.Float:
                value = token.Value<double>();
                return true;
            case JTokenType.String:
                return Numbers.TryParse((string?)token, out value);
            default:
                value = double.NaN;
                return false;
        }
    }

    /// <summary>The first sentence of a Newtonsoft message, without its own "Path ..., line ..." tail.</summary>
    public static string Describe(JsonReaderException exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(", line ", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).Trim().TrimEnd('.');
    }
}
