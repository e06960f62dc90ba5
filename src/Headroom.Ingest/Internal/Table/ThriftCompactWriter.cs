using System.Buffers;
using System.Text;

namespace Headroom.Ingest;

/// <summary>
/// The Thrift compact protocol, the few parts a Parquet footer needs: structs of numbered fields (each field's id
/// written as the difference from the one before when it fits in four bits), zigzag varints, binary and lists.
/// </summary>
internal sealed class ThriftCompactWriter
{
    public const byte I32Type = 5;
    public const byte BinaryType = 8;
    public const byte StructType = 12;

    private const byte TrueType = 1;
    private const byte FalseType = 2;
    private const byte ByteType = 3;
    private const byte I16Type = 4;
    private const byte I64Type = 6;
    private const byte ListType = 9;

    private readonly ArrayBufferWriter<byte> _bytes = new(1 << 12);
    private readonly Stack<short> _outer = new();
    private short _lastField;

    public ReadOnlySpan<byte> Written => _bytes.WrittenSpan;

    public void StructBegin()
    {
        _outer.Push(_lastField);
        _lastField = 0;
    }

    public void StructEnd()
    {
        _lastField = _outer.Pop();
        Byte(0);
    }

    /// <summary>Begins a struct-valued field; its fields follow between <see cref="StructBegin"/> and <see cref="StructEnd"/>.</summary>
    public void StructField(short id) => FieldHeader(id, StructType);

    public void EmptyStructField(short id)
    {
        FieldHeader(id, StructType);
        Byte(0);
    }

    public void Bool(short id, bool value) => FieldHeader(id, value ? TrueType : FalseType);

    public void SByte(short id, sbyte value)
    {
        FieldHeader(id, ByteType);
        Byte((byte)value);
    }

    public void I16(short id, short value)
    {
        FieldHeader(id, I16Type);
        VarInt(ZigZag(value));
    }

    public void I32(short id, int value)
    {
        FieldHeader(id, I32Type);
        I32Value(value);
    }

    public void I64(short id, long value)
    {
        FieldHeader(id, I64Type);
        VarInt(ZigZag(value));
    }

    public void Binary(short id, ReadOnlySpan<byte> value)
    {
        FieldHeader(id, BinaryType);
        BinaryValue(value);
    }

    public void String(short id, string value)
    {
        FieldHeader(id, BinaryType);
        StringValue(value);
    }

    public void ListBegin(short id, byte elementType, int count)
    {
        FieldHeader(id, ListType);
        if (count <= 14)
        {
            Byte((byte)((count << 4) | elementType));
        }
        else
        {
            Byte((byte)(0xF0 | elementType));
            VarInt((ulong)count);
        }
    }

    public void I32Value(int value) => VarInt(ZigZag(value));

    public void StringValue(string value) => BinaryValue(Encoding.UTF8.GetBytes(value));

    private void BinaryValue(ReadOnlySpan<byte> value)
    {
        VarInt((ulong)value.Length);
        _bytes.Write(value);
    }

    private void FieldHeader(short id, byte type)
    {
        var delta = id - _lastField;
        if (delta is > 0 and <= 15)
        {
            Byte((byte)((delta << 4) | type));
        }
        else
        {
            Byte(type);
            VarInt(ZigZag(id));
        }

        _lastField = id;
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private void VarInt(ulong value)
    {
        while (value >= 0x80)
        {
            Byte((byte)(value | 0x80));
            value >>= 7;
        }

        Byte((byte)value);
    }

    private void Byte(byte value)
    {
        _bytes.GetSpan(1)[0] = value;
        _bytes.Advance(1);
    }
}
