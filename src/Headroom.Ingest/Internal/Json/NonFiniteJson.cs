using System.Text;

namespace Headroom.Ingest;

/// <summary>
/// JSON as Python's <c>json.dumps</c> writes it (<c>allow_nan=True</c>): the bare tokens
/// <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>, which System.Text.Json rejects. They are
/// quoted outside strings (<c>"NaN"</c>...) so the text parses; <see cref="TryNumber"/> reads them
/// back as numbers.
/// </summary>
internal static class NonFiniteJson
{
    /// <summary>The text with bare NaN/Infinity/-Infinity tokens quoted; unchanged when there are none.</summary>
    public static string QuoteNonFiniteTokens(string json)
    {
        if (!json.Contains("NaN", StringComparison.Ordinal) && !json.Contains("Infinity", StringComparison.Ordinal))
        {
            return json;
        }

        var output = new StringBuilder(json.Length + 16);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                output.Append(c);
                if (c == '\\' && i + 1 < json.Length)
                {
                    output.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
                output.Append(c);
            }
            else if (TryToken(json, i, "-Infinity") || TryToken(json, i, "Infinity") || TryToken(json, i, "NaN"))
            {
                var token = json[i] == '-' ? "-Infinity" : json[i] == 'I' ? "Infinity" : "NaN";
                output.Append('"').Append(token).Append('"');
                i += token.Length - 1;
            }
            else
            {
                output.Append(c);
            }
        }

        return output.ToString();
    }

    /// <summary>A JSON number, or one of the quoted non-finite tokens, as a double.</summary>
    public static bool TryNumber(string text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "Infinity":
                value = double.PositiveInfinity;
                return true;
            case "-Infinity":
                value = double.NegativeInfinity;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    private static bool TryToken(string json, int at, string token)
        => string.CompareOrdinal(json, at, token, 0, token.Length) == 0
            && (at + token.Length == json.Length || !char.IsLetterOrDigit(json[at + token.Length]));
}
