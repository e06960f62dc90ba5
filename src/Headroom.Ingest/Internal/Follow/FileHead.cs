namespace Headroom.Ingest;

/// <summary>
/// The first bytes of a file that is appended to, kept to tell appending from rewriting: a file that is shorter
/// than what was read, or whose first bytes changed, was rewritten and must be read again from its start.
/// </summary>
internal sealed class FileHead
{
    private const int Size = 64;
    private byte[] _bytes = [];

    /// <summary>True when <paramref name="stream"/> still starts with the bytes seen (and is at least <paramref name="consumed"/> long).</summary>
    public bool StillMatches(FileStream stream, long consumed)
    {
        if (stream.Length < consumed)
        {
            return false;
        }

        return _bytes.Length == 0 || Read(stream, _bytes.Length).AsSpan().SequenceEqual(_bytes);
    }

    /// <summary>Remembers the first bytes, once the file has some (call after reading from the start).</summary>
    public void Remember(FileStream stream)
    {
        if (_bytes.Length < Size && stream.Length > _bytes.Length)
        {
            _bytes = Read(stream, (int)Math.Min(Size, stream.Length));
        }
    }

    public void Forget() => _bytes = [];

    private static byte[] Read(FileStream stream, int count)
    {
        var bytes = new byte[count];
        stream.Seek(0, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        return bytes;
    }
}
