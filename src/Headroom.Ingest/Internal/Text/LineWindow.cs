namespace Headroom.Ingest;

/// <summary>
/// The bytes [<paramref name="Start"/>, <paramref name="End"/>) of a JSON-lines file, starting at a line boundary,
/// with the number of lines before it (so line numbers in messages stay those of the file).
/// </summary>
internal sealed record LineWindow(long Start, long End, long LinesBefore)
{
    /// <summary>The whole file.</summary>
    public static LineWindow Whole { get; } = new(0, long.MaxValue, 0);

    /// <summary>The window of <paramref name="file"/>, positioned at its start (the file itself for the whole file).</summary>
    public Stream Open(FileStream file)
    {
        if (Start == 0 && End == long.MaxValue)
        {
            return file;
        }

        file.Seek(Start, SeekOrigin.Begin);
        return new BoundedStream(file, Math.Max(0, End - Start));
    }

    /// <summary>Reads at most a given number of bytes of an inner stream (left open).</summary>
    private sealed class BoundedStream(Stream inner, long length) : Stream
    {
        private readonly long _length = length;
        private long _remaining = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position
        {
            get => _length - _remaining;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, (int)Math.Min(count, _remaining));
            _remaining -= read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
