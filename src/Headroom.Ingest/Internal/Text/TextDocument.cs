namespace Headroom.Ingest;

/// <summary>
/// Reads a whole small JSON document as UTF-8 with the checks every text reader needs: an empty file,
/// binary data, and invalid UTF-8 (strict: an error naming the byte; lenient: replaced by U+FFFD and counted).
/// </summary>
internal static class TextDocument
{
    public static byte[] Read(string path, RunBuilder run)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            throw IngestException.EmptyFile(path);
        }

        var nul = Utf8Text.FindBinary(bytes);
        if (nul >= 0)
        {
            throw IngestException.BinaryData(path, nul, 0);
        }

        var bad = Utf8Text.FirstInvalid(bytes);
        if (bad >= 0)
        {
            run.Fault("invalid UTF-8 bytes (replaced by U+FFFD)", RunBuilder.AtByte(path, bad), () => IngestException.InvalidUtf8(path, bad));
            bytes = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes));
        }

        var bom = bytes.AsSpan().StartsWith(Utf8Text.Bom) ? 3 : 0;
        var text = bytes.AsSpan(bom).IndexOfAnyExcept(" \t\r\n"u8);
        if (text < 0)
        {
            throw IngestException.EmptyFile(path);
        }

        var start = bom + text;
        if (bytes[start] != (byte)'{' && bytes[start] != (byte)'[')
        {
            var first = System.Text.Encoding.UTF8.GetString(bytes, start, Math.Min(4, bytes.Length - start)).EnumerateRunes().First().ToString();
            throw IngestException.Malformed(path, 1, $"expected a JSON document starting with '{{', found '{Quote(first)}' at byte {start}");
        }

        return bytes;
    }

    private static string Quote(string c) => c.Length == 1 && char.IsControl(c[0]) ? $"\\u{(int)c[0]:X4}" : c;
}
