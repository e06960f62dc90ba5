using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Headroom.Ingest;

/// <summary>Strict UTF-8 decoding that says where the first bad byte is, and binary detection.</summary>
internal static class Utf8Text
{
    /// <summary>The UTF-8 byte order mark, which some writers put before JSON or text.</summary>
    public static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Decodes <paramref name="bytes"/>; false with the offset of the first invalid byte when they are not UTF-8.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out int badOffset)
    {
        if (bytes.StartsWith(Bom))
        {
            bytes = bytes[3..];
        }

        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(bytes, buffer, out var read, out var written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
            {
                text = new string(buffer, 0, written);
                badOffset = -1;
                return true;
            }

            text = Encoding.UTF8.GetString(bytes);
            badOffset = read;
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The offset of the first byte that is not UTF-8 (a byte order mark at the start allowed), or -1 when all are.</summary>
    public static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var start = bytes.StartsWith(Bom) ? 3 : 0;
        if (Utf8.IsValid(bytes[start..]))
        {
            return -1;
        }

        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        Utf8.ToUtf16(bytes[start..], chars, out var read, out _, replaceInvalidSequences: false);
        ArrayPool<char>.Shared.Return(chars);
        return start + read;
    }

    /// <summary>The offset of the first NUL byte (text formats never hold one), or -1.</summary>
    public static int FindBinary(ReadOnlySpan<byte> bytes) => bytes.IndexOf((byte)0);

    /// <summary>The number of bytes at the end that start a UTF-8 sequence the span does not finish (0 to 3).</summary>
    public static int IncompleteTail(ReadOnlySpan<byte> span)
    {
        for (var back = 1; back <= Math.Min(3, span.Length); back++)
        {
            var b = span[^back];
            if ((b & 0xC0) != 0x80)
            {
                var length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return length > back ? back : 0;
            }
        }

        return 0;
    }
}
