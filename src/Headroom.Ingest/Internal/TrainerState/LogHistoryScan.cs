namespace Headroom.Ingest;

/// <summary>
/// Finds `log_history` and its entries with the light structural walk (<see cref="JsonStructure"/>), never by
/// indentation, so the history can be cut into chunks at entry boundaries and read by several threads. An entry is
/// taken only once what follows it is seen to be right (<c>,</c> and the next entry's <c>{</c>, or the closing
/// <c>]</c>); at anything else the scan stops at the start of that entry, for the stream reader to read it and report
/// what is wrong exactly as it would have.
/// </summary>
internal static class LogHistoryScan
{
    public enum Outcome
    {
        /// <summary>The bytes end inside the history: read more and scan on from the cut.</summary>
        More,

        /// <summary>The history's closing bracket is at the cut.</summary>
        End,

        /// <summary>Something other than a well-formed entry is at the cut (or the file ends): the stream reader takes over there.</summary>
        Stop,
    }

    /// <summary>
    /// Scans <paramref name="json"/>, which starts just after the history's <c>[</c> or at an entry's <c>{</c>, adding
    /// the (start, end) of each entry taken to <paramref name="entries"/>; the cut is where the bytes not taken start.
    /// <paramref name="final"/> says the file ends with the bytes.
    /// </summary>
    public static (Outcome Outcome, int Cut) Entries(ReadOnlySpan<byte> json, bool final, List<(int Start, int End)> entries)
    {
        var untaken = 0;
        (int Start, int End)? pending = null;
        var position = 0;
        while (true)
        {
            var i = JsonStructure.SkipWhitespace(json, position);
            if (i == json.Length)
            {
                return (final ? Outcome.Stop : Outcome.More, untaken);
            }

            if (json[i] == (byte)']' && pending is null)
            {
                return (Outcome.End, i);
            }

            if (json[i] != (byte)'{')
            {
                return (Outcome.Stop, untaken);
            }

            if (pending is { } taken)
            {
                entries.Add(taken);
                pending = null;
            }

            untaken = i;
            var end = JsonStructure.Close(json, i);
            var after = end < 0 ? json.Length : JsonStructure.SkipWhitespace(json, end + 1);
            if (after == json.Length)
            {
                return (final ? Outcome.Stop : Outcome.More, untaken);
            }

            switch (json[after])
            {
                case (byte)']':
                    entries.Add((i, end));
                    return (Outcome.End, after);
                case (byte)',':
                    pending = (i, end);
                    position = after + 1;
                    break;
                default:
                    return (Outcome.Stop, untaken);
            }
        }
    }

    /// <summary>
    /// The top-level <c>"log_history": [</c> in a file's first bytes: the index of the bracket, its 1-based line and
    /// the 0-based byte after it in that line as a reader counts it (without a byte order mark); null when the bytes
    /// do not reach it.
    /// </summary>
    public static (int Index, long Line, long ByteAfter)? ArrayStart(ReadOnlySpan<byte> head)
    {
        var bom = head.StartsWith(Utf8Text.Bom) ? Utf8Text.Bom.Length : 0;
        var i = JsonStructure.SkipWhitespace(head, bom);
        if (i == head.Length || head[i] != (byte)'{')
        {
            return null;
        }

        i++;
        while (true)
        {
            i = JsonStructure.SkipWhitespace(head, i);
            if (i == head.Length || head[i] != (byte)'"')
            {
                return null;
            }

            var nameEnd = JsonStructure.EndOfString(head, i + 1);
            if (nameEnd < 0)
            {
                return null;
            }

            var name = head[(i + 1)..(nameEnd - 1)];
            if (name.Contains((byte)'\\'))
            {
                // An escaped name may be "log_history" to the reader: leave such a file to it.
                return null;
            }

            i = JsonStructure.SkipWhitespace(head, nameEnd);
            if (i == head.Length || head[i] != (byte)':')
            {
                return null;
            }

            i = JsonStructure.SkipWhitespace(head, i + 1);
            if (i == head.Length)
            {
                return null;
            }

            if (name.SequenceEqual("log_history"u8) && head[i] == (byte)'[')
            {
                var lineStart = head[..i].LastIndexOf((byte)'\n') + 1;
                return (i, head[..i].Count((byte)'\n') + 1, i + 1 - Math.Max(lineStart, bom));
            }

            i = head[i] switch
            {
                (byte)'"' => JsonStructure.EndOfString(head, i + 1),
                (byte)'{' or (byte)'[' => JsonStructure.Close(head, i) is var close and >= 0 ? close + 1 : -1,
                _ => head[i..].IndexOfAny((byte)',', (byte)'}') is var stop and >= 0 ? i + stop : -1,
            };
            if (i < 0)
            {
                return null;
            }

            i = JsonStructure.SkipWhitespace(head, i);
            if (i == head.Length || head[i] != (byte)',')
            {
                return null;
            }

            i++;
        }
    }
}
