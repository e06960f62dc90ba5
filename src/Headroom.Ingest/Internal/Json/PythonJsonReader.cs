using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using csFastFloat;

namespace Headroom.Ingest;

/// <summary>
/// The one way the readers read JSON: System.Text.Json, with the bare <c>NaN</c>, <c>Infinity</c> and
/// <c>-Infinity</c> Python writes quoted first (<see cref="NonFiniteLiterals"/>) and read back as numbers here.
/// Whole documents parse to a <see cref="JsonDocument"/>; a file too large to hold streams through
/// <see cref="JsonFileStream"/>. Numbers convert with fast_float (csFastFloat), exact like the runtime's parser and
/// about twice as fast; a number beyond the double range is an infinity, as in Python. As text (metadata) a number is
/// the text the writer wrote, a string its value, objects and arrays compact JSON.
/// </summary>
internal static partial class PythonJsonReader
{
    private static readonly JsonDocumentOptions _options = new() { MaxDepth = 256 };

    /// <summary>Parses a whole document; throws <see cref="JsonException"/> (with its line and byte) when it is not JSON.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith(Utf8Text.Bom))
        {
            utf8 = utf8[Utf8Text.Bom.Length..];
        }

        if (!NonFiniteLiterals.MayHold(utf8.Span))
        {
            return JsonDocument.Parse(utf8, _options);
        }

        var quoted = new byte[utf8.Length + 16];
        var length = NonFiniteLiterals.Quote(utf8.Span, ref quoted, final: true, out _);
        return JsonDocument.Parse(quoted.AsMemory(0, length), _options);
    }

    /// <summary>Parses a whole document that stays in use after the bytes go; null when it is not JSON.</summary>
    public static JsonElement? TryParse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            using var document = Parse(utf8.ToArray());
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte})"/>
    public static JsonElement? TryParse(string json) => TryParse(Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// Parses a whole file; throws <see cref="IngestException"/> for an empty file and for JSON that breaks off or is
    /// malformed, naming the line and the byte in it.
    /// </summary>
    public static JsonDocument ParseFile(string path, byte[] bytes)
    {
        if (bytes.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw IngestException.EmptyFile(path);
        }

        try
        {
            return Parse(bytes);
        }
        catch (JsonException exception)
        {
            throw Malformed(path, exception, "the JSON breaks off or is malformed");
        }
    }

    /// <summary>An error naming the file, line and byte where the parser stopped, with its reason.</summary>
    public static IngestException Malformed(string path, JsonException exception, string what, string after = "")
        => IngestException.Malformed(path, (exception.LineNumber ?? 0) + 1, $"{what} at byte {(exception.BytePositionInLine ?? 0) + 1} of the line ({Describe(exception)}){after}");

    /// <summary>The parser's reason on one line, without its own position tail; a quoted excerpt of the input is cut short.</summary>
    public static string Describe(JsonException exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (cut < 0 ? message : message[..cut]).Trim().TrimEnd('.');
        return QuotedInput().Replace(reason, match => match.Length <= 24 && match.Value.IndexOfAny(['\r', '\n']) < 0
            ? match.Value
            : $"{match.Value[..Math.Min(match.Length - 1, 16)].Split('\r', '\n')[0]}…'");
    }

    [GeneratedRegex("'[^']*'")]
    private static partial Regex QuotedInput();

    /// <summary>A number token's value (its UTF-8 text as JSON writes numbers).</summary>
    public static double Number(ReadOnlySpan<byte> token) => FastDoubleParser.ParseDouble(token);

    /// <summary>A number element's value.</summary>
    public static double Number(JsonElement number) => Number(JsonMarshal.GetRawUtf8Value(number));

    /// <summary>A quoted literal (<c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>) as its number.</summary>
    public static bool TryNonFinite(string? text, out double value)
    {
        value = text switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => 0,
        };
        return text is "NaN" or "Infinity" or "-Infinity";
    }

    /// <summary>The number an element holds, if it holds one: a number, a literal NaN or infinity, or a numeric string.</summary>
    public static bool TryNumber(JsonElement element, out double value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                value = Number(element);
                return true;
            case JsonValueKind.String:
                return Numbers.TryParse(element.GetString(), out value);
            default:
                value = double.NaN;
                return false;
        }
    }

    /// <summary>The text of a string element, or null for anything else (a number, an object, a missing key).</summary>
    public static string? String(JsonElement? element) => element is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    /// <summary>An element as metadata text: a string its value, a number as written, null/true/false as such, objects and arrays compact JSON.</summary>
    public static string Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Null => "null",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => element.GetRawText(),
        _ => Compact(element),
    };

    /// <summary>A number token as metadata text (as written).</summary>
    public static string Text(ReadOnlySpan<byte> numberToken) => Encoding.UTF8.GetString(numberToken);

    private static string Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
