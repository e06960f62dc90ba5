using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace Headroom.Ingest;

/// <summary>
/// Reads the framing of a W&amp;B `run-&lt;id&gt;.wandb` datastore (wandb/sdk/internal/datastore.py and
/// the Go `core/pkg/leveldb` writer): a 7-byte file header (`:W&amp;B`, uint16 0xBEE1, uint8 version 0),
/// then LevelDB-log blocks of 32,768 bytes counted from the start of the file. A block holds chunks
/// `uint32 crc | uint16 length | uint8 type | data`, type FULL=1, FIRST=2, MIDDLE=3, LAST=4; a block
/// tail shorter than a chunk header is zero padding. The CRC is IEEE CRC-32 (zlib.crc32) over the
/// type byte and the data, not masked (the header comment of datastore.py says crc32c; the code does not).
/// One block and one assembled record are held at a time.
/// </summary>
internal sealed class WandbDatastore : IDisposable
{
    public const int BlockSize = 32768;
    public const int ChunkHeaderSize = 7;
    public const int FileHeaderSize = 7;

    private const byte Full = 1;
    private const byte First = 2;
    private const byte Middle = 3;
    private const byte Last = 4;

    private readonly Stream _stream;
    private readonly int _readSize;
    private readonly byte[] _block = ArrayPool<byte>.Shared.Rent(BlockSize);
    private byte[] _record = ArrayPool<byte>.Shared.Rent(4096);
    private int _recordLength;
    private bool _assembling;
    private long _recordStart;
    private int _blockLength;
    private int _position;
    private long _blockOffset;
    private (int Start, int Length, long Offset, byte Type)? _pending;

    public WandbDatastore(Stream stream, int readSize)
    {
        _stream = stream;
        _readSize = Math.Max(1, readSize);
        LoadBlock();
    }

    /// <summary>True when the file has no bytes at all.</summary>
    public bool IsEmpty => _blockLength == 0;

    /// <summary>True when the file is shorter than its header.</summary>
    public bool HeaderTruncated => _blockLength is > 0 and < FileHeaderSize;

    /// <summary>True when the first 7 bytes are `:W&amp;B`, 0xBEE1, version 0.</summary>
    public bool HeaderValid { get; private set; }

    /// <summary>File offset of the record or incident the last call to <see cref="Next"/> reported.</summary>
    public long RecordOffset { get; private set; }

    /// <summary>Reads the next record; on <see cref="ChunkStatus.Record"/> its bytes stay valid until the next call.</summary>
    public ChunkStatus Next(out ReadOnlySpan<byte> record)
    {
        record = default;
        while (true)
        {
            if (_pending is { } pending)
            {
                _pending = null;
                var status = Accept(pending.Start, pending.Length, pending.Offset, pending.Type, out record);
                if (status is { } reported)
                {
                    return reported;
                }

                continue;
            }

            if (_blockLength - _position < ChunkHeaderSize)
            {
                if (_blockLength < BlockSize)
                {
                    return EndOfData();
                }

                _blockOffset += _blockLength;
                LoadBlock();
                continue;
            }

            var header = _block.AsSpan(_position, ChunkHeaderSize);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
            var type = header[6];
            var chunkOffset = _blockOffset + _position;
            if (crc == 0 && length == 0 && type == 0)
            {
                // A zeroed block tail (pre-allocated or padded): nothing more in this block.
                _position = _blockLength;
                continue;
            }

            if (_position + ChunkHeaderSize + length > _blockLength)
            {
                if (_blockLength < BlockSize)
                {
                    return Truncate(chunkOffset);
                }

                return Recover(chunkOffset, ChunkStatus.Corrupted);
            }

            // The type byte sits just before the data, so one pass covers both.
            if (Crc32.HashToUInt32(_block.AsSpan(_position + ChunkHeaderSize - 1, length + 1)) != crc)
            {
                // A damaged payload leaves the length sound: if a sound chunk (or the block's end) follows, only
                // this chunk is lost. Otherwise the length itself is suspect: step over the rest of the block.
                var after = _position + ChunkHeaderSize + length;
                if (IsChunkBoundary(after))
                {
                    RecordOffset = _assembling ? _recordStart : chunkOffset;
                    _assembling = false;
                    _position = after;
                    return ChunkStatus.Corrupted;
                }

                return Recover(chunkOffset, ChunkStatus.Corrupted);
            }

            var start = _position + ChunkHeaderSize;
            _position = start + length;
            var result = Accept(start, length, chunkOffset, type, out record);
            if (result is { } done)
            {
                return done;
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_block);
        ArrayPool<byte>.Shared.Return(_record);
        _stream.Dispose();
    }

    // Puts a sound chunk into the record being assembled; returns a status when there is one to report.
    private ChunkStatus? Accept(int start, int length, long offset, byte type, out ReadOnlySpan<byte> record)
    {
        record = default;
        switch (type)
        {
            case Full or First when _assembling:
                // The previous record never got its LAST chunk: report it, then take this chunk.
                _assembling = false;
                _pending = (start, length, offset, type);
                RecordOffset = _recordStart;
                return ChunkStatus.BrokenSequence;
            case Full:
                RecordOffset = offset;
                record = _block.AsSpan(start, length);
                return ChunkStatus.Record;
            case First:
                _assembling = true;
                _recordStart = offset;
                _recordLength = 0;
                Append(start, length);
                return null;
            case Middle or Last when !_assembling:
                RecordOffset = offset;
                return ChunkStatus.BrokenSequence;
            case Middle:
                Append(start, length);
                return null;
            case Last:
                Append(start, length);
                _assembling = false;
                RecordOffset = _recordStart;
                record = _record.AsSpan(0, _recordLength);
                return ChunkStatus.Record;
            default:
                RecordOffset = offset;
                return ChunkStatus.UnknownChunkType;
        }
    }

    private void Append(int start, int length)
    {
        if (_recordLength + length > _record.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_recordLength + length, 2 * _record.Length));
            _record.AsSpan(0, _recordLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_record);
            _record = larger;
        }

        _block.AsSpan(start, length).CopyTo(_record.AsSpan(_recordLength));
        _recordLength += length;
    }

    // True where a chunk may start: the end of the block (or of the data), padding, or a chunk whose CRC holds.
    private bool IsChunkBoundary(int position)
    {
        if (_blockLength - position < ChunkHeaderSize)
        {
            return !_block.AsSpan(position, _blockLength - position).ContainsAnyExcept((byte)0);
        }

        var header = _block.AsSpan(position, ChunkHeaderSize);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var length = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (crc == 0 && length == 0 && header[6] == 0)
        {
            return true;
        }

        return position + ChunkHeaderSize + length <= _blockLength
            && Crc32.HashToUInt32(_block.AsSpan(position + ChunkHeaderSize - 1, length + 1)) == crc;
    }

    // LevelDB's recovery: drop the partial record and step over the rest of the block.
    private ChunkStatus Recover(long offset, ChunkStatus status)
    {
        RecordOffset = _assembling ? _recordStart : offset;
        _assembling = false;
        _position = _blockLength;
        return status;
    }

    private ChunkStatus Truncate(long offset)
    {
        RecordOffset = _assembling ? _recordStart : offset;
        _assembling = false;
        _position = _blockLength;
        return ChunkStatus.Truncated;
    }

    private ChunkStatus EndOfData()
    {
        var rest = _block.AsSpan(_position, _blockLength - _position);
        var offset = _blockOffset + _position;
        _position = _blockLength;
        if (_assembling)
        {
            return Truncate(offset);
        }

        if (rest.ContainsAnyExcept((byte)0))
        {
            RecordOffset = offset;
            return ChunkStatus.Truncated;
        }

        return ChunkStatus.EndOfFile;
    }

    private void LoadBlock()
    {
        _blockLength = 0;
        _position = 0;
        while (_blockLength < BlockSize)
        {
            var read = _stream.Read(_block, _blockLength, Math.Min(_readSize, BlockSize - _blockLength));
            if (read == 0)
            {
                break;
            }

            _blockLength += read;
        }

        if (_blockOffset == 0)
        {
            HeaderValid = _blockLength >= FileHeaderSize
                && _block.AsSpan(0, 4).SequenceEqual(":W&B"u8)
                && BinaryPrimitives.ReadUInt16LittleEndian(_block.AsSpan(4)) == 0xBEE1
                && _block[6] == 0;
            _position = Math.Min(FileHeaderSize, _blockLength);
        }
    }
}
