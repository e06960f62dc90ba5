using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Headroom.Ingest;

/// <summary>The protobuf wire types (groups are obsolete and rejected).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>
/// A minimal, allocation-free protobuf decoder over one message's bytes: tags, varints, fixed-width
/// numbers and length-delimited slices. Malformed input throws <see cref="MalformedProtobufException"/>
/// with the position inside the message; callers turn that into an <see cref="IngestException"/>.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Position of the next byte inside the message.</summary>
    public readonly int Position => _position;

    /// <summary>Reads the next field key; false at the end of the message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadTag(out int field, out WireType wireType)
    {
        if (_position >= _data.Length)
        {
            field = 0;
            wireType = WireType.Varint;
            return false;
        }

        var key = ReadVarint();
        field = (int)(key >> 3);
        wireType = (WireType)(key & 7);
        if (field <= 0 || key > uint.MaxValue)
        {
            throw new MalformedProtobufException(_position, $"invalid field key {key}");
        }

        return true;
    }

    /// <summary>Reads a base-128 varint (up to 10 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        var data = _data;
        var position = _position;
        if ((uint)position < (uint)data.Length && data[position] < 0x80)
        {
            _position = position + 1;
            return data[position];
        }

        return ReadVarintSlow();
    }

    private ulong ReadVarintSlow()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new MalformedProtobufException(_position, "varint runs past the end of the message");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new MalformedProtobufException(_position, "varint longer than 10 bytes");
    }

    /// <summary>Reads 8 little-endian bytes as a double.</summary>
    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadFixed64());

    /// <summary>Reads 4 little-endian bytes as a float.</summary>
    public float ReadFloat() => BitConverter.UInt32BitsToSingle(ReadFixed32());

    /// <summary>Reads 8 little-endian bytes.</summary>
    public ulong ReadFixed64()
    {
        var slice = Take(8);
        return BinaryPrimitives.ReadUInt64LittleEndian(slice);
    }

    /// <summary>Reads 4 little-endian bytes.</summary>
    public uint ReadFixed32()
    {
        var slice = Take(4);
        return BinaryPrimitives.ReadUInt32LittleEndian(slice);
    }

    /// <summary>Reads a length-delimited field (string, bytes, sub-message or packed repeated).</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new MalformedProtobufException(_position, $"length {length} runs past the end of the message");
        }

        return Take((int)length);
    }

    /// <summary>Skips the value of a field of the given wire type.</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            default:
                throw new MalformedProtobufException(_position, $"unsupported wire type {(int)wireType}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new MalformedProtobufException(_position, $"{count} bytes run past the end of the message");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
