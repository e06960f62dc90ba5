using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Headroom.Ingest;

/// <summary>
/// A light walk over JSON's structure without parsing it: where a string ends, where the object or array opened at
/// a byte closes, where the whitespace stops. Strings and their escapes are respected; nothing else is validated
/// (the parser does that), so it finds the boundaries of values cheaply, e.g. to hand them to several parsers at once.
/// </summary>
internal static class JsonStructure
{
    private static readonly SearchValues<byte> _structural = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> _flatStop = SearchValues.Create("}{[\\"u8);

    /// <summary>The index after the closing quote of a string whose text starts at <paramref name="i"/>; -1 when the bytes end first.</summary>
    public static int EndOfString(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length)
        {
            var next = json[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (json[i] == (byte)'"')
            {
                return i + 1;
            }

            i += 2;
        }

        return -1;
    }

    /// <summary>
    /// The index of the brace or bracket that closes the object or array opened at <paramref name="open"/>; -1 when
    /// the bytes end first. A flat object (no nesting, no escapes: the common log entry) is closed with two
    /// vectorised searches: its first closing brace closes it when an even number of quotes comes before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Close(ReadOnlySpan<byte> json, int open)
    {
        var body = json[(open + 1)..];
        var stop = body.IndexOfAny(_flatStop);
        if (stop >= 0 && body[stop] == (byte)'}' && json[open] == (byte)'{' && (body[..stop].Count((byte)'"') & 1) == 0)
        {
            return open + 1 + stop;
        }

        var depth = 0;
        var i = open;
        while (i < json.Length)
        {
            var next = json[i..].IndexOfAny(_structural);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            switch (json[i])
            {
                case (byte)'"':
                    i = EndOfString(json, i + 1);
                    if (i < 0)
                    {
                        return -1;
                    }

                    continue;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                default:
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }

            i++;
        }

        return -1;
    }

    /// <summary>The index of the first byte at or after <paramref name="i"/> that is not JSON whitespace (the length when none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length)
        {
            switch (json[i])
            {
                case (byte)' ' when i + sizeof(ulong) <= json.Length:
                    // Indentation: the spaces of eight bytes at once.
                    var notSpaces = BinaryPrimitives.ReadUInt64LittleEndian(json[i..]) ^ 0x2020202020202020;
                    i += notSpaces == 0 ? sizeof(ulong) : BitOperations.TrailingZeroCount(notSpaces) >> 3;
                    break;
                case (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t':
                    i++;
                    break;
                default:
                    return i;
            }
        }

        return i;
    }
}
