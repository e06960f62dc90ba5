using System.Numerics;
using System.Runtime.CompilerServices;

namespace Headroom.Ingest;

/// <summary>
/// The correctly rounded double nearest w × 10^q for a decimal mantissa w of at most 19 digits (Eisel and Lemire's
/// algorithm, as fast_float computes it: one or two 64×128-bit products with a truncated power of five, then rounding
/// to nearest even). The rare product it cannot round for sure is declined, for the caller to read the text otherwise.
/// The powers of five are computed exactly, with big integers, by fast_float's own rule, each when first needed.
/// </summary>
internal static class EiselLemire
{
    private const int SmallestPowerOfTen = -342;
    private const int LargestPowerOfTen = 308;
    private const int MantissaBits = 52;
    private const int MinimumExponent = -1023;
    private const int InfinitePower = 0x7FF;

    /// <summary>
    /// The 128 most significant bits of 5^q (q ≥ 0, truncated) or of its reciprocal (q &lt; 0, rounded up), high word
    /// first, for q from -342 to 308; 0 until computed.
    /// </summary>
    private static readonly ulong[] _powersOfFive = new ulong[2 * (LargestPowerOfTen - SmallestPowerOfTen + 1)];

    /// <summary>
    /// Sets <paramref name="value"/> to the double nearest <paramref name="w"/> × 10^<paramref name="q"/>, negated when
    /// <paramref name="negative"/>; false when the value cannot be decided here (the caller parses the text).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCompute(ulong w, int q, bool negative, out double value)
    {
        value = 0;
        if (w == 0 || q < SmallestPowerOfTen || q > LargestPowerOfTen)
        {
            return false;
        }

        var leadingZeros = BitOperations.LeadingZeroCount(w);
        w <<= leadingZeros;
        var index = 2 * (q - SmallestPowerOfTen);
        var power = Volatile.Read(ref _powersOfFive[index]);
        if (power == 0)
        {
            power = PowerOfFive(q);
        }

        var high = Math.BigMul(w, power, out var low);
        const ulong PrecisionMask = ulong.MaxValue >> (MantissaBits + 3);
        if ((high & PrecisionMask) == PrecisionMask)
        {
            var secondHigh = Math.BigMul(w, _powersOfFive[index + 1], out _);
            low += secondHigh;
            if (secondHigh > low)
            {
                high++;
            }

            if (low == ulong.MaxValue && (q < -27 || q > 55))
            {
                return false;
            }
        }

        var upperBit = (int)(high >> 63);
        var shift = upperBit + 64 - MantissaBits - 3;
        var mantissa = high >> shift;
        var power2 = Power(q) + upperBit - leadingZeros - MinimumExponent;
        if (power2 <= 0)
        {
            if (-power2 + 1 >= 64)
            {
                value = negative ? -0.0 : 0.0;
                return true;
            }

            mantissa >>= -power2 + 1;
            mantissa += mantissa & 1;
            mantissa >>= 1;
            power2 = mantissa < (1UL << MantissaBits) ? 0 : 1;
            value = Compose(mantissa, power2, negative);
            return true;
        }

        // A product exactly halfway between two doubles rounds to even (possible only for these powers).
        if (low <= 1 && q is >= -4 and <= 23 && (mantissa & 3) == 1 && (mantissa << shift) == high)
        {
            mantissa &= ~1UL;
        }

        mantissa += mantissa & 1;
        mantissa >>= 1;
        if (mantissa >= (2UL << MantissaBits))
        {
            mantissa = 1UL << MantissaBits;
            power2++;
        }

        mantissa &= ~(1UL << MantissaBits);
        if (power2 >= InfinitePower)
        {
            power2 = InfinitePower;
            mantissa = 0;
        }

        value = Compose(mantissa, power2, negative);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Power(int q) => (((152170 + 65536) * q) >> 16) + 63;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Compose(ulong mantissa, int power2, bool negative)
        => BitConverter.UInt64BitsToDouble(mantissa | ((ulong)power2 << MantissaBits) | (negative ? 1UL << 63 : 0));

    /// <summary>
    /// Computes the table's entry for 10^<paramref name="q"/> (a log uses a few dozen powers: each is computed when first
    /// met), the low word first, so that a reader that sees the high word set sees the low one too; returns the high word.
    /// </summary>
    private static ulong PowerOfFive(int q)
    {
        BigInteger c;
        if (q < 0)
        {
            var power5 = BigInteger.Pow(5, -q);
            var z = (int)(power5 - 1).GetBitLength();
            c = (BigInteger.One << (q >= -27 ? z + 127 : (2 * z) + 128)) / power5 + 1;
            while (c.GetBitLength() > 128)
            {
                c >>= 1;
            }
        }
        else
        {
            c = BigInteger.Pow(5, q);
            var bits = (int)c.GetBitLength();
            c = bits < 128 ? c << (128 - bits) : c >> (bits - 128);
        }

        var index = 2 * (q - SmallestPowerOfTen);
        var high = (ulong)(c >> 64);
        Volatile.Write(ref _powersOfFive[index + 1], (ulong)(c & ulong.MaxValue));
        Volatile.Write(ref _powersOfFive[index], high);
        return high;
    }
}
