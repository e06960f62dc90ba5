namespace Headroom.Ingest;

/// <summary>
/// Reads a whole small text document (a JSON file) with the checks every text reader needs: an empty file,
/// binary data, and invalid UTF-8 (strict: an error naming the byte; lenient: replaced and counted).
/// </summary>
internal static class TextDocument
{
    public static string Read(string path, RunBuilder run)
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

        if (!Utf8Text.TryDecode(bytes, out var text, out var bad))
        {
            run.Fault("invalid UTF-8 bytes (replaced by U+FFFD)", RunBuilder.AtByte(path, bad), () => IngestException.InvalidUtf8(path, bad));
        }

        var first = text.TrimStart();
        if (first.Length > 0 && first[0] != '{' && first[0] != '[')
        {
            var offset = bytes.Length - System.Text.Encoding.UTF8.GetByteCount(first);
            throw IngestException.Malformed(path, 1, $"expected a JSON document starting with '{{', found '{Quote(first[0])}' at byte {offset}");
        }

        return text;
    }

    private static string Quote(char c) => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString();
}
