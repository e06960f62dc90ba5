using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Headroom.Ingest;

/// <summary>The hot loop of <see cref="AddScalarFastPath"/>: records whose tag is the predicted one.</summary>
internal sealed partial class AddScalarFastPath
{
    // The hot loop: records whose tag is the one predicted from the previous record, without calls
    // and with few live values (so that the JIT keeps them in registers). Leaves the cursor at the
    // first record it does not take. Every read is inside the record's checked length, itself
    // inside the bytes.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ScanPredicted(ref Cursor cursor, ref byte last, ref byte stop, ref ScalarPoint full, AddScalarLayout[] layouts)
    {
        ref var frame = ref cursor.Frame;
        ref var point = ref cursor.Point;
        var previous = cursor.Previous;
        while (Unsafe.IsAddressLessThan(ref frame, ref last) && Unsafe.IsAddressLessThan(ref point, ref full))
        {
            var length = ReadUInt64(ref frame);
            if (length > (ulong)Unsafe.ByteOffset(ref frame, ref stop)
                || Crc32C.MaskedOfLength(length) != ReadUInt32(ref Unsafe.Add(ref frame, 8)))
            {
                break;
            }

            var size = (int)length;
            if (Crc32C.Mask(Crc32C.Compute(ref Unsafe.Add(ref frame, TfRecordReader.HeaderSize), size))
                != ReadUInt32(ref Unsafe.Add(ref frame, TfRecordReader.HeaderSize + size)))
            {
                break;
            }

            // 09 wall_time(8) 10 step(varint of at most 8 bytes), then the predicted tag's layout and the value.
            if (size < 18 || Unsafe.Add(ref frame, TfRecordReader.HeaderSize) != 0x09 || Unsafe.Add(ref frame, TfRecordReader.HeaderSize + 9) != 0x10)
            {
                break;
            }

            var word = ReadUInt64(ref Unsafe.Add(ref frame, TfRecordReader.HeaderSize + 10));
            var stops = ~word & 0x8080808080808080UL;
            if (stops == 0)
            {
                break;
            }

            var varintBits = BitOperations.TrailingZeroCount(stops) + 1;
            var id = layouts[previous].Successor;
            if (id < 0)
            {
                break;
            }

            ref readonly var layout = ref layouts[id];
            if (layout.ComparedLength + 14 + (varintBits >> 3) != size
                || !layout.Matches(ref Unsafe.Add(ref frame, TfRecordReader.HeaderSize + 10 + (varintBits >> 3))))
            {
                break;
            }

            point = new ScalarPoint(
                id,
                (long)VarintBits(word, varintBits),
                BitConverter.Int32BitsToSingle((int)ReadUInt32(ref Unsafe.Add(ref frame, TfRecordReader.HeaderSize + size - 4))),
                BitConverter.Int64BitsToDouble((long)ReadUInt64(ref Unsafe.Add(ref frame, TfRecordReader.HeaderSize + 1))));
            point = ref Unsafe.Add(ref point, 1);
            previous = id;
            frame = ref Unsafe.Add(ref frame, size + Framing);
        }

        cursor.Frame = ref frame;
        cursor.Point = ref point;
        cursor.Previous = previous;
    }

    // The value of a varint whose bytes are the low varintBits / 8 bytes of word.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong VarintBits(ulong word, int varintBits)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.ParallelBitExtract(Bmi2.X64.ZeroHighBits(word, (ulong)varintBits), 0x7F7F7F7F7F7F7F7FUL);
        }

        ulong value = 0;
        for (var shift = 0; shift < varintBits; shift += 8)
        {
            value |= ((word >> shift) & 0x7F) << (shift / 8 * 7);
        }

        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadUInt64(ref byte at)
        => BitConverter.IsLittleEndian ? Unsafe.ReadUnaligned<ulong>(ref at) : BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadUInt32(ref byte at)
        => BitConverter.IsLittleEndian ? Unsafe.ReadUnaligned<uint>(ref at) : BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref at));

    // Where the hot loop stands: the next record, the next point, the tag of the previous record.
    private ref struct Cursor(ref byte frame, ref ScalarPoint point, int previous)
    {
        public ref byte Frame = ref frame;
        public ref ScalarPoint Point = ref point;
        public int Previous = previous;
    }
}
