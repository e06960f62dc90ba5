using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>The TFRecord mask: rotate right by 15 and add a constant, so CRCs of CRCs stay well spread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mask(uint crc) => unchecked(BitOperations.RotateRight(crc, 15) + 0xA282EAD8u);

    /// <summary>The masked CRC-32C of the 8 bytes of a little-endian record length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MaskedOfLength(ulong lengthLittleEndian) => Mask(~BitOperations.Crc32C(~0u, lengthLittleEndian));
}
