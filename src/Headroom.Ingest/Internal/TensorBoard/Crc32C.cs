using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Headroom.Ingest;

/// <summary>
/// CRC-32C (Castagnoli), as TFRecord framing uses it, on the processor's CRC32 instruction through
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> (8 bytes per step; a table fallback where the
/// instruction is missing). Check value: "123456789" gives 0xE3069283.
/// </summary>
internal static class Crc32C
{
    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(~0u, data);

    /// <summary>Continues a running (pre-inverted) CRC state over more bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        var length = data.Length;
        var i = 0;
        for (; i + 8 <= length; i += 8)
        {
            state = BitOperations.Crc32C(state, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
        }

        if (i + 4 <= length)
        {
            state = BitOperations.Crc32C(state, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, i)));
            i += 4;
        }

        for (; i < length; i++)
        {
            state = BitOperations.Crc32C(state, Unsafe.Add(ref start, i));
        }

        return state;
    }

    /// <summary>
    /// The CRC-32C of the <paramref name="length"/> bytes at <paramref name="data"/>, for the hot
    /// loop over records of tens of bytes: 16 bytes per step and a branch per remaining size bit,
    /// with the state kept in a 64-bit register where the processor has the instruction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Compute(ref byte data, int length)
    {
        ref var at = ref data;
        ref var pairsEnd = ref Unsafe.Add(ref data, length & ~15);
        if (Sse42.X64.IsSupported)
        {
            ulong wide = ~0u;
            while (Unsafe.IsAddressLessThan(ref at, ref pairsEnd))
            {
                wide = Sse42.X64.Crc32(wide, Unsafe.ReadUnaligned<ulong>(ref at));
                wide = Sse42.X64.Crc32(wide, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, 8)));
                at = ref Unsafe.Add(ref at, 16);
            }

            if ((length & 8) != 0)
            {
                wide = Sse42.X64.Crc32(wide, Unsafe.ReadUnaligned<ulong>(ref at));
                at = ref Unsafe.Add(ref at, 8);
            }

            var narrow = (uint)wide;
            if ((length & 4) != 0)
            {
                narrow = Sse42.Crc32(narrow, Unsafe.ReadUnaligned<uint>(ref at));
                at = ref Unsafe.Add(ref at, 4);
            }

            if ((length & 2) != 0)
            {
                narrow = Sse42.Crc32(narrow, Unsafe.ReadUnaligned<ushort>(ref at));
                at = ref Unsafe.Add(ref at, 2);
            }

            if ((length & 1) != 0)
            {
                narrow = Sse42.Crc32(narrow, at);
            }

            return ~narrow;
        }

        return Compute(MemoryMarshal.CreateReadOnlySpan(ref data, length));
    }

    /// <summary>The TFRecord mask: rotate right by 15 and add a constant, so CRCs of CRCs stay well spread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mask(uint crc) => unchecked(BitOperations.RotateRight(crc, 15) + 0xA282EAD8u);

    /// <summary>The masked CRC-32C of the 8 bytes of a little-endian record length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MaskedOfLength(ulong lengthLittleEndian) => Mask(~BitOperations.Crc32C(~0u, lengthLittleEndian));
}
