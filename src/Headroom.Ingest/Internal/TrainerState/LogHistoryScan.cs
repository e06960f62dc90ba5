namespace Headroom.Ingest;

/// <summary>
/// Finds the top-level `log_history` array in a file's first bytes with the light structural walk
/// (<see cref="JsonStructure"/>), never by indentation, so that <see cref="LogHistoryScanner"/> can start there.
/// </summary>
internal static class LogHistoryScan
{
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
