using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Headroom.Ingest;

/// <summary>
/// A JSON number read from its bytes in one pass: its grammar checked exactly (no leading zeros, no bare dot) and
/// its value computed. A decimal of at most 2^53 as digits and a power of ten within 10^±22 is exact in a double
/// either way, so one rounded multiplication or division gives the correctly rounded value (Clinger's fast path,
/// the one fast_float takes first); other mantissas of at most 19 digits go to <see cref="EiselLemire"/>, and the rest
/// to <see cref="PythonJsonReader.Number(ReadOnlySpan{byte})"/>. All round correctly, so the value is the same bit for bit.
/// </summary>
internal static class JsonNumber
{
    private const ulong ExactMantissa = 1UL << 53;

    private static readonly double[] _powersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <summary>The length of the number that starts <paramref name="json"/> and its value; -1 when no JSON number starts it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Read(ReadOnlySpan<byte> json, out double value)
    {
        value = 0;
        var i = 0;
        var negative = i < json.Length && json[i] == (byte)'-';
        if (negative)
        {
            i++;
        }

        if (i >= json.Length || !IsDigit(json[i]))
        {
            return -1;
        }

        // Every digit goes into the mantissa (leading zeros add nothing); past 19 digits it could overflow, and the
        // value is read otherwise.
        ulong mantissa = 0;
        var integral = i;
        if (json[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            i = Digits(json, i, ref mantissa);
        }

        var digits = i - integral;
        var scale = 0;
        if (i < json.Length && json[i] == (byte)'.')
        {
            var fraction = ++i;
            i = Digits(json, fraction, ref mantissa);
            if (i == fraction)
            {
                return -1;
            }

            scale = fraction - i;
            digits += i - fraction;
        }

        var exponent = 0;
        var exact = digits <= 19;
        if (i < json.Length && json[i] is (byte)'e' or (byte)'E')
        {
            i++;
            var negativeExponent = i < json.Length && json[i] == (byte)'-';
            if (i < json.Length && json[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var start = i;
            for (; i < json.Length && IsDigit(json[i]); i++)
            {
                exponent = exponent < 10_000 ? (exponent * 10) + (json[i] - '0') : exponent;
            }

            if (i == start)
            {
                return -1;
            }

            exponent = negativeExponent ? -exponent : exponent;
        }

        var power = exponent + scale;
        if (exact && mantissa <= ExactMantissa && power is >= -22 and <= 22)
        {
            var magnitude = power < 0 ? mantissa / _powersOfTen[-power] : mantissa * _powersOfTen[power];
            value = negative ? -magnitude : magnitude;
        }
        else if (!exact || !EiselLemire.TryCompute(mantissa, power, negative, out value))
        {
            value = Parse(json[..i]);
        }

        return i;
    }

    /// <summary>The rare number read otherwise, kept out of line (its parser's frame would weigh on every call).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Parse(ReadOnlySpan<byte> number) => PythonJsonReader.Number(number);

    /// <summary>
    /// The digits from <paramref name="i"/> into the mantissa (wrapping past 19 digits, when it is not used); the index
    /// after them. Eight digits at a time where eight follow (one multiply-add chain per digit is what costs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digits(ReadOnlySpan<byte> json, int i, ref ulong mantissa)
    {
        while (i + 8 <= json.Length)
        {
            var eight = BinaryPrimitives.ReadUInt64LittleEndian(json[i..]);
            if ((((eight + 0x4646464646464646) | (eight - 0x3030303030303030)) & 0x8080808080808080) != 0)
            {
                break;
            }

            mantissa = (mantissa * 100_000_000) + EightDigits(eight);
            i += 8;
        }

        for (; (uint)i < (uint)json.Length; i++)
        {
            var digit = (uint)(json[i] - '0');
            if (digit > 9)
            {
                break;
            }

            mantissa = (mantissa * 10) + digit;
        }

        return i;
    }

    /// <summary>The value of eight ASCII digits read as a little-endian word (the first digit in the low byte).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(ulong eight)
    {
        eight -= 0x3030303030303030;
        eight = (eight * 10) + (eight >> 8);
        return (((eight & 0x000000FF000000FF) * 0x000F424000000064) + (((eight >> 16) & 0x000000FF000000FF) * 0x0000271000000001)) >> 32;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
