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

    /// <summary>
    /// The masked CRC-32C of each of <paramref name="count"/> byte ranges of one buffer. Four ranges
    /// run interleaved over their common length: four independent chains keep the CRC unit busy where
    /// one chain would wait out the instruction's latency after every 8 bytes.
    /// </summary>
    public static void ComputeMaskedMany(byte[] buffer, int[] starts, int[] lengths, uint[] masked, int count)
    {
        ref var origin = ref MemoryMarshal.GetArrayDataReference(buffer);
        var i = 0;
        for (; i + 4 <= count; i += 4)
        {
            ref var a = ref Unsafe.Add(ref origin, starts[i]);
            ref var b = ref Unsafe.Add(ref origin, starts[i + 1]);
            ref var c = ref Unsafe.Add(ref origin, starts[i + 2]);
            ref var d = ref Unsafe.Add(ref origin, starts[i + 3]);
            var common = Math.Min(Math.Min(lengths[i], lengths[i + 1]), Math.Min(lengths[i + 2], lengths[i + 3])) & ~7;
            uint sa = ~0u, sb = ~0u, sc = ~0u, sd = ~0u;
            for (var j = 0; j < common; j += 8)
            {
                sa = BitOperations.Crc32C(sa, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, j)));
                sb = BitOperations.Crc32C(sb, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, j)));
                sc = BitOperations.Crc32C(sc, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref c, j)));
                sd = BitOperations.Crc32C(sd, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref d, j)));
            }

            masked[i] = Mask(~Append(sa, buffer.AsSpan(starts[i] + common, lengths[i] - common)));
            masked[i + 1] = Mask(~Append(sb, buffer.AsSpan(starts[i + 1] + common, lengths[i + 1] - common)));
            masked[i + 2] = Mask(~Append(sc, buffer.AsSpan(starts[i + 2] + common, lengths[i + 2] - common)));
            masked[i + 3] = Mask(~Append(sd, buffer.AsSpan(starts[i + 3] + common, lengths[i + 3] - common)));
        }

        for (; i < count; i++)
        {
            masked[i] = Mask(Compute(buffer.AsSpan(starts[i], lengths[i])));
        }
    }

    /// <summary>The TFRecord mask: rotate right by 15 and add a constant, so CRCs of CRCs stay well spread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mask(uint crc) => unchecked(BitOperations.RotateRight(crc, 15) + 0xA282EAD8u);

    /// <summary>The masked CRC-32C of the 8 bytes of a little-endian record length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MaskedOfLength(ulong lengthLittleEndian) => Mask(~BitOperations.Crc32C(~0u, lengthLittleEndian));
}
