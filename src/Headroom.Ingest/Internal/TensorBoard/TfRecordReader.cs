using System.Buffers;
using System.Buffers.Binary;

namespace Headroom.Ingest;

/// <summary>
/// Reads TFRecord framing from a stream in bounded memory:
/// <c>uint64 length | uint32 masked_crc32c(length) | data[length] | uint32 masked_crc32c(data)</c>,
/// little-endian (tensorboard/summary/writer/record_writer.py). Reads go through a pooled buffer in
/// chunks of at most the configured read size, so records, length prefixes and CRCs may be split
/// across reads; the buffer grows only to hold one record at a time (up to a cap).
/// </summary>
internal sealed class TfRecordReader : IDisposable
{
    /// <summary>Bytes before the data: length (8) and its masked CRC (4).</summary>
    public const int HeaderSize = 12;

    /// <summary>Bytes after the data: its masked CRC.</summary>
    public const int FooterSize = 4;

    /// <summary>Records larger than this are checked and stepped over without buffering them whole.</summary>
    public const int DefaultMaxBufferedRecord = 64 << 20;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly int _readSize;
    private readonly int _maxBufferedRecord;
    private readonly long _streamLength;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferFileOffset;
    private bool _endOfStream;

    public TfRecordReader(Stream stream, int readSize, bool ownsStream = true, int maxBufferedRecord = DefaultMaxBufferedRecord)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(readSize, 1);
        _stream = stream;
        _ownsStream = ownsStream;
        _readSize = readSize;
        _maxBufferedRecord = maxBufferedRecord;
        _streamLength = stream.CanSeek ? stream.Length : -1;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(2 * readSize, 4096));
    }

    /// <summary>File offset of the frame that the last call to <see cref="Next"/> looked at.</summary>
    public long RecordOffset { get; private set; }

    /// <summary>File offset of the next unread byte.</summary>
    public long Position => _bufferFileOffset + _start;

    /// <summary>The bytes read from the stream but not yet consumed (valid until the next call that reads or moves).</summary>
    public ReadOnlySpan<byte> Buffered => new(_buffer, _start, _end - _start);

    /// <summary>
    /// Consumes <paramref name="count"/> of the <see cref="Buffered"/> bytes (records the caller framed
    /// and checked itself); <see cref="RecordOffset"/> becomes the offset of the first of them.
    /// </summary>
    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)(_end - _start));
        RecordOffset = Position;
        _start += count;
    }

    /// <summary>
    /// Moves forward to the file offset <paramref name="offset"/> (at or after <see cref="Position"/>):
    /// within the buffered bytes when they reach it, else by seeking the stream (or reading on when it
    /// cannot seek).
    /// </summary>
    public void SkipTo(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offset, Position);
        if (offset <= _bufferFileOffset + _end)
        {
            _start = (int)(offset - _bufferFileOffset);
            return;
        }

        if (!_stream.CanSeek)
        {
            while (_bufferFileOffset + _end < offset && !_endOfStream)
            {
                _bufferFileOffset += _end;
                _start = _end = 0;
                Fill();
            }

            _start = (int)Math.Min(_end, offset - _bufferFileOffset);
            return;
        }

        _stream.Seek(offset - _bufferFileOffset - _end, SeekOrigin.Current);
        _bufferFileOffset = offset;
        _start = _end = 0;
        _endOfStream = false;
    }

    /// <summary>
    /// Reads the next frame. On <see cref="FrameStatus.Record"/>, <paramref name="data"/> holds the
    /// record's bytes until the next call.
    /// </summary>
    public FrameStatus Next(out ReadOnlySpan<byte> data)
    {
        // The common case, kept short for the JIT: a whole record with a sound length sits in the buffer.
        var start = _start;
        var available = _end - start;
        if (available >= HeaderSize + FooterSize)
        {
            var header = new ReadOnlySpan<byte>(_buffer, start, available);
            var length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (length <= (ulong)(available - HeaderSize - FooterSize)
                && Crc32C.MaskedOfLength(length) == BinaryPrimitives.ReadUInt32LittleEndian(header[8..]))
            {
                var size = (int)length;
                var payload = header.Slice(HeaderSize, size);
                var expected = BinaryPrimitives.ReadUInt32LittleEndian(header[(HeaderSize + size)..]);
                RecordOffset = _bufferFileOffset + start;
                _start = start + HeaderSize + size + FooterSize;
                if (Crc32C.Mask(Crc32C.Compute(payload)) == expected)
                {
                    data = payload;
                    return FrameStatus.Record;
                }

                data = default;
                return FrameStatus.DataCorrupted;
            }
        }

        return NextCarefully(out data);
    }

    // One record at a time, refilling the buffer as needed: used where the buffered bytes do not hold
    // a complete, sound-length record (buffer edges, truncation, corruption, large records).
    private FrameStatus NextCarefully(out ReadOnlySpan<byte> data)
    {
        data = default;
        RecordOffset = Position;
        if (!Ensure(HeaderSize))
        {
            var partial = _end - _start;
            _start = _end;
            return partial == 0 ? FrameStatus.EndOfFile : FrameStatus.Truncated;
        }

        var header = _buffer.AsSpan(_start, HeaderSize);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(header);
        if (Crc32C.MaskedOfLength(length) != BinaryPrimitives.ReadUInt32LittleEndian(header[8..]))
        {
            return FrameStatus.LengthCorrupted;
        }

        var remainingInFile = _streamLength < 0 ? long.MaxValue : _streamLength - Position;
        if (length > (ulong)Math.Max(0, remainingInFile - HeaderSize - FooterSize))
        {
            ConsumeRest();
            return FrameStatus.Truncated;
        }

        if (length > (ulong)_maxBufferedRecord)
        {
            return StepOverLargeRecord((long)length);
        }

        var total = HeaderSize + (int)length + FooterSize;
        if (!Ensure(total))
        {
            ConsumeRest();
            return FrameStatus.Truncated;
        }

        var payload = _buffer.AsSpan(_start + HeaderSize, (int)length);
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start + HeaderSize + (int)length, FooterSize));
        _start += total;
        if (Crc32C.Mask(Crc32C.Compute(payload)) != expected)
        {
            return FrameStatus.DataCorrupted;
        }

        data = payload;
        return FrameStatus.Record;
    }

    /// <summary>
    /// After <see cref="FrameStatus.LengthCorrupted"/>: moves forward (at least one byte) to the next
    /// position whose 8 length bytes match their masked CRC (a false match has odds of 2^-32 per
    /// position), or to the end of the file. Returns the number of bytes stepped over.
    /// </summary>
    public long Resynchronize()
    {
        var from = Position;
        _start++;
        while (Ensure(HeaderSize))
        {
            var window = _buffer.AsSpan(_start, _end - _start);
            for (var i = 0; i + HeaderSize <= window.Length; i++)
            {
                var length = BinaryPrimitives.ReadUInt64LittleEndian(window[i..]);
                if (Crc32C.MaskedOfLength(length) == BinaryPrimitives.ReadUInt32LittleEndian(window[(i + 8)..]))
                {
                    _start += i;
                    return Position - from;
                }
            }

            _start = _end - (HeaderSize - 1);
        }

        ConsumeRest();
        return Position - from;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private FrameStatus StepOverLargeRecord(long length)
    {
        _start += HeaderSize;
        var state = ~0u;
        var remaining = length;
        while (remaining > 0)
        {
            if (!Ensure(1))
            {
                return FrameStatus.Truncated;
            }

            var take = (int)Math.Min(remaining, _end - _start);
            state = Crc32C.Append(state, _buffer.AsSpan(_start, take));
            _start += take;
            remaining -= take;
        }

        if (!Ensure(FooterSize))
        {
            ConsumeRest();
            return FrameStatus.Truncated;
        }

        var expected = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start, FooterSize));
        _start += FooterSize;
        return Crc32C.Mask(~state) == expected ? FrameStatus.Oversized : FrameStatus.DataCorrupted;
    }

    private void ConsumeRest()
    {
        _start = _end;
        while (!_endOfStream)
        {
            _bufferFileOffset += _end;
            _start = _end = 0;
            Fill();
        }

        _start = _end;
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available from the current position; false at the end of the stream.</summary>
    private bool Ensure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_buffer.Length < count)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(count, 2 * _buffer.Length));
            _buffer.AsSpan(_start, _end - _start).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            _bufferFileOffset += _start;
            _end -= _start;
            _start = 0;
        }
        else if (_buffer.Length - _start < count || _end == _buffer.Length)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferFileOffset += _start;
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count)
        {
            if (_endOfStream || !Fill())
            {
                return false;
            }
        }

        return true;
    }

    private bool Fill()
    {
        var read = _stream.Read(_buffer, _end, Math.Min(_buffer.Length - _end, _readSize));
        if (read == 0)
        {
            _endOfStream = true;
            return false;
        }

        _end += read;
        return true;
    }
}
