using System.Text.Unicode;

namespace Headroom.Ingest;

/// <summary>
/// The checks a text document needs before it is parsed as a stream, done in one vectorised pass over the bytes
/// so a large file is never held: an empty (or blank) file and binary data are errors; invalid UTF-8 is an error
/// naming the byte under the strict policy and a counted fault under the lenient one (the bytes then read as U+FFFD).
/// </summary>
internal static class TextFileCheck
{
    private const int BlockSize = 1 << 20;

    public static void Scan(string path, RunBuilder run)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(BlockSize, stream.Length) + 4);
        try
        {
            Scan(path, run, stream, buffer);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Scan(string path, RunBuilder run, FileStream stream, byte[] buffer)
    {
        var block = buffer.Length - 4;
        long offset = 0;
        var carried = 0;
        var blank = true;
        var invalidSeen = false;
        int read;
        while ((read = stream.Read(buffer, carried, block)) > 0)
        {
            var span = buffer.AsSpan(0, carried + read);
            var nul = span.IndexOf((byte)0);
            if (nul >= 0)
            {
                throw IngestException.BinaryData(path, offset + nul, 0);
            }

            blank = blank && span.IndexOfAnyExcept(" \t\r\n"u8) < 0;

            // A sequence cut by the block end is checked with the next block.
            var complete = span.Length - IncompleteTail(span);
            if (!invalidSeen && !Utf8.IsValid(span[..complete]))
            {
                var bad = offset + FirstInvalid(span[..complete]);
                invalidSeen = true;
                run.Fault("invalid UTF-8 bytes (replaced by U+FFFD)", RunBuilder.AtByte(path, bad), () => IngestException.InvalidUtf8(path, bad));
            }

            carried = span.Length - complete;
            span[complete..].CopyTo(buffer);
            offset += complete;
        }

        if (blank)
        {
            throw IngestException.EmptyFile(path);
        }

        if (carried > 0 && !invalidSeen)
        {
            run.Fault("invalid UTF-8 bytes (replaced by U+FFFD)", RunBuilder.AtByte(path, offset), () => IngestException.InvalidUtf8(path, offset));
        }
    }

    /// <summary>The number of bytes at the end that start a UTF-8 sequence the span does not finish (0 to 3).</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> span)
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

    private static int FirstInvalid(ReadOnlySpan<byte> span)
    {
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(span.Length);
        Utf8.ToUtf16(span, chars, out var read, out _, replaceInvalidSequences: false);
        System.Buffers.ArrayPool<char>.Shared.Return(chars);
        return read;
    }
}
