using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Headroom.Ingest;

/// <summary>Strict UTF-8 decoding that says where the first bad byte is, and binary detection.</summary>
internal static class Utf8Text
{
    private static readonly byte[] _bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Decodes <paramref name="bytes"/>; false with the offset of the first invalid byte when they are not UTF-8.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out int badOffset)
    {
        if (bytes.StartsWith(_bom))
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

    /// <summary>The offset of the first NUL byte (text formats never hold one), or -1.</summary>
    public static int FindBinary(ReadOnlySpan<byte> bytes) => bytes.IndexOf((byte)0);
}
