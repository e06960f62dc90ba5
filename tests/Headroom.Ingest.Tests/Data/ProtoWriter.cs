using System.Buffers.Binary;
using System.Text;

namespace Headroom.Ingest.Tests;

/// <summary>
/// A protobuf encoder for building test records the way the Python and C++ protobuf runtimes
/// serialize them (fields in the order written; callers write them in field-number order, and leave
/// proto3 default values out as the runtimes do).
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _bytes = new();

    public ProtoWriter Varint(int field, ulong value)
    {
        Key(field, 0);
        WriteVarint(value);
        return this;
    }

    public ProtoWriter Double(int field, double value)
    {
        Key(field, 1);
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(buffer, value);
        _bytes.Write(buffer);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        Key(field, 5);
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
        _bytes.Write(buffer);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, 2);
        WriteVarint((ulong)value.Length);
        _bytes.Write(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, Action<ProtoWriter> build)
    {
        var inner = new ProtoWriter();
        build(inner);
        return Bytes(field, inner.ToArray());
    }

    /// <summary>A packed repeated float (proto3's default encoding for repeated scalars).</summary>
    public ProtoWriter PackedFloats(int field, params float[] values)
    {
        var buffer = new byte[4 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), values[i]);
        }

        return Bytes(field, buffer);
    }

    public ProtoWriter PackedDoubles(int field, params double[] values)
    {
        var buffer = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * i), values[i]);
        }

        return Bytes(field, buffer);
    }

    public ProtoWriter PackedVarints(int field, params ulong[] values)
    {
        var inner = new ProtoWriter();
        foreach (var value in values)
        {
            inner.WriteVarint(value);
        }

        return Bytes(field, inner.ToArray());
    }

    public byte[] ToArray() => _bytes.ToArray();

    private void Key(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.WriteByte((byte)value);
    }
}
