using System.Buffers.Binary;

namespace Headroom.Ingest;

/// <summary>
/// Reads the single number held by a scalar <c>TensorProto</c> (tensorboard tensor.proto): the
/// typed repeated fields (packed or not) or <c>tensor_content</c> (raw little-endian bytes).
/// Shapes with more or fewer than one element, strings and unset values are not scalars.
/// </summary>
internal static class TensorScalar
{
    // DataType values from tensorflow types.proto.
    private const int DtFloat = 1;
    private const int DtDouble = 2;
    private const int DtInt32 = 3;
    private const int DtUint8 = 4;
    private const int DtInt16 = 5;
    private const int DtInt8 = 6;
    private const int DtString = 7;
    private const int DtInt64 = 9;
    private const int DtBool = 10;
    private const int DtBfloat16 = 14;
    private const int DtUint16 = 17;
    private const int DtHalf = 19;
    private const int DtUint32 = 22;
    private const int DtUint64 = 23;

    /// <summary>Why the tensor is not a scalar when <see cref="TryRead"/> fails.</summary>
    public const string MoreThanOneElement = "tensor summary with other than one element";

    /// <summary>A string tensor with no plugin naming it.</summary>
    public const string StringTensor = "non-scalar summary (string tensor)";

    /// <summary>A scalar shape with no value in any field.</summary>
    public const string NoValue = "tensor summary without a value";

    /// <summary>A dtype that is not a real number (complex, quantized, resource, variant).</summary>
    public const string UnsupportedType = "tensor summary of a non-numeric dtype";

    /// <summary>Reads the scalar, or returns the reason it is not one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> tensor, out double value, out string? reason)
    {
        value = 0;
        reason = null;
        var dtype = 0;
        long elements = 1;
        ReadOnlySpan<byte> content = default;
        double? first = null;
        var reader = new ProtoReader(tensor);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.Varint:
                    dtype = (int)reader.ReadVarint();
                    break;
                case 2 when wire == WireType.LengthDelimited:
                    elements = CountElements(reader.ReadLengthDelimited());
                    break;
                case 4 when wire == WireType.LengthDelimited:
                    content = reader.ReadLengthDelimited();
                    break;
                case 5:
                    var single = wire == WireType.Fixed32 ? reader.ReadFloat() : FirstPacked(ref reader, wire, 4, static s => BinaryPrimitives.ReadSingleLittleEndian(s));
                    first ??= single;
                    break;
                case 6:
                    var @double = wire == WireType.Fixed64 ? reader.ReadDouble() : FirstPacked(ref reader, wire, 8, static s => BinaryPrimitives.ReadDoubleLittleEndian(s));
                    first ??= @double;
                    break;
                case 13:
                    // half_val holds the 16 bits of a DT_HALF or DT_BFLOAT16 in an int32.
                    var halfBits = FirstVarint(ref reader, wire);
                    first ??= halfBits is { } h ? (dtype == DtBfloat16 ? BFloat16ToDouble((ushort)h) : (double)BitConverter.UInt16BitsToHalf((ushort)h)) : null;
                    break;
                case 7:
                    var int32 = FirstVarint(ref reader, wire);
                    first ??= int32 is { } i32 ? (int)i32 : null;
                    break;
                case 10:
                    var int64 = FirstVarint(ref reader, wire);
                    first ??= int64 is { } i64 ? (long)i64 : null;
                    break;
                case 11 or 16:
                    var uint32 = FirstVarint(ref reader, wire);
                    first ??= uint32 is { } u32 ? (uint)u32 : null;
                    break;
                case 17:
                    var uint64 = FirstVarint(ref reader, wire);
                    first ??= uint64;
                    break;
                case 8:
                    reader.Skip(wire);
                    dtype = DtString;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (dtype == DtString)
        {
            reason = StringTensor;
            return false;
        }

        if (elements != 1)
        {
            reason = MoreThanOneElement;
            return false;
        }

        if (first is { } typed)
        {
            value = typed;
            return true;
        }

        if (!content.IsEmpty)
        {
            return TryFromContent(dtype, content, out value, out reason);
        }

        reason = NoValue;
        return false;
    }

    private static bool TryFromContent(int dtype, ReadOnlySpan<byte> content, out double value, out string? reason)
    {
        reason = null;
        (value, var size) = dtype switch
        {
            DtFloat when content.Length >= 4 => (BinaryPrimitives.ReadSingleLittleEndian(content), 4),
            DtDouble when content.Length >= 8 => (BinaryPrimitives.ReadDoubleLittleEndian(content), 8),
            DtHalf when content.Length >= 2 => ((double)BinaryPrimitives.ReadHalfLittleEndian(content), 2),
            DtBfloat16 when content.Length >= 2 => (BFloat16ToDouble(BinaryPrimitives.ReadUInt16LittleEndian(content)), 2),
            DtInt32 when content.Length >= 4 => (BinaryPrimitives.ReadInt32LittleEndian(content), 4),
            DtUint32 when content.Length >= 4 => (BinaryPrimitives.ReadUInt32LittleEndian(content), 4),
            DtInt64 when content.Length >= 8 => (BinaryPrimitives.ReadInt64LittleEndian(content), 8),
            DtUint64 when content.Length >= 8 => (BinaryPrimitives.ReadUInt64LittleEndian(content), 8),
            DtInt16 when content.Length >= 2 => (BinaryPrimitives.ReadInt16LittleEndian(content), 2),
            DtUint16 when content.Length >= 2 => (BinaryPrimitives.ReadUInt16LittleEndian(content), 2),
            DtInt8 when content.Length >= 1 => ((sbyte)content[0], 1),
            DtUint8 or DtBool when content.Length >= 1 => (content[0], 1),
            _ => (0d, 0),
        };

        if (size == 0)
        {
            reason = UnsupportedType;
            return false;
        }

        if (content.Length != size)
        {
            reason = MoreThanOneElement;
            return false;
        }

        return true;
    }

    private static double BFloat16ToDouble(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    private static long CountElements(ReadOnlySpan<byte> shape)
    {
        long elements = 1;
        var reader = new ProtoReader(shape);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 2 && wire == WireType.LengthDelimited)
            {
                var dim = new ProtoReader(reader.ReadLengthDelimited());
                long size = 0;
                while (dim.TryReadTag(out var dimField, out var dimWire))
                {
                    if (dimField == 1 && dimWire == WireType.Varint)
                    {
                        size = (long)dim.ReadVarint();
                    }
                    else
                    {
                        dim.Skip(dimWire);
                    }
                }

                elements = size < 0 ? -1 : elements * size;
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return elements;
    }

    private delegate double FixedReader(ReadOnlySpan<byte> bytes);

    private static double? FirstPacked(ref ProtoReader reader, WireType wire, int width, FixedReader read)
    {
        if (wire != WireType.LengthDelimited)
        {
            reader.Skip(wire);
            return null;
        }

        var packed = reader.ReadLengthDelimited();
        return packed.Length >= width ? read(packed) : null;
    }

    private static ulong? FirstVarint(ref ProtoReader reader, WireType wire)
    {
        if (wire == WireType.Varint)
        {
            return reader.ReadVarint();
        }

        if (wire != WireType.LengthDelimited)
        {
            reader.Skip(wire);
            return null;
        }

        var packed = reader.ReadLengthDelimited();
        if (packed.IsEmpty)
        {
            return null;
        }

        var values = new ProtoReader(packed);
        return values.ReadVarint();
    }
}
