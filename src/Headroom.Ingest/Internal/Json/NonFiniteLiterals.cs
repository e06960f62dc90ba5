namespace Headroom.Ingest;

/// <summary>
/// The bare literals <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> that Python's <c>json.dumps</c> writes
/// (<c>allow_nan=True</c>) and JSON, so System.Text.Json, rejects. <see cref="Quote"/> turns each one outside a string
/// into a string (<c>"NaN"</c>) so the text parses; <see cref="PythonJsonReader"/> reads those strings back as numbers.
/// Newlines and the lines of every token stay where they were.
/// </summary>
internal static class NonFiniteLiterals
{
    /// <summary>False when the bytes cannot hold a literal (the common case, checked without a scan of the structure).</summary>
    public static bool MayHold(ReadOnlySpan<byte> json) => json.IndexOf("NaN"u8) >= 0 || json.IndexOf("Infinity"u8) >= 0;

    /// <summary>
    /// Copies <paramref name="json"/>, which starts outside any string, into <paramref name="output"/> (grown when
    /// needed) with each bare literal quoted, and returns the bytes written. Unless <paramref name="final"/>, it stops
    /// before a literal the bytes may cut short; <paramref name="consumed"/> tells how many were copied.
    /// </summary>
    public static int Quote(ReadOnlySpan<byte> json, ref byte[] output, bool final, out int consumed)
    {
        var written = 0;
        var copied = 0;
        var i = 0;
        consumed = json.Length;
        while (i < json.Length)
        {
            var next = json[i..].IndexOfAny("\"NI"u8);
            if (next < 0)
            {
                break;
            }

            i += next;
            if (json[i] == (byte)'"')
            {
                i = JsonStructure.EndOfString(json, i + 1);
                if (i < 0)
                {
                    break;
                }

                continue;
            }

            var literal = json[i] == (byte)'N' ? "NaN"u8 : "Infinity"u8;
            var start = literal.Length == 8 && i > 0 && json[i - 1] == (byte)'-' ? i - 1 : i;
            var rest = json[i..];
            if (!final && rest.Length < literal.Length && literal.StartsWith(rest))
            {
                consumed = start;
                break;
            }

            if (!rest.StartsWith(literal))
            {
                // Not a literal (malformed JSON): left for the parser to report.
                i++;
                continue;
            }

            var end = i + literal.Length;
            Append(ref output, ref written, json[copied..start]);
            Append(ref output, ref written, "\""u8);
            Append(ref output, ref written, json[start..end]);
            Append(ref output, ref written, "\""u8);
            copied = end;
            i = end;
        }

        Append(ref output, ref written, json[copied..consumed]);
        return written;
    }

    private static void Append(ref byte[] output, ref int written, ReadOnlySpan<byte> bytes)
    {
        if (written + bytes.Length > output.Length)
        {
            Array.Resize(ref output, Math.Max(output.Length * 2, written + bytes.Length));
        }

        bytes.CopyTo(output.AsSpan(written));
        written += bytes.Length;
    }
}
