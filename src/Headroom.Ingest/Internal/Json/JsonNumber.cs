using System.Runtime.CompilerServices;

namespace Headroom.Ingest;

/// <summary>
/// A JSON number read from its bytes in one pass: its grammar checked exactly (no leading zeros, no bare dot) and
/// its value computed. A decimal of at most 2^53 as digits and a power of ten within 10^±22 is exact in a double
/// either way, so one rounded multiplication or division gives the correctly rounded value (Clinger's fast path,
/// the one fast_float takes first); the rest goes to <see cref="PythonJsonReader.Number(ReadOnlySpan{byte})"/>. Both
/// round correctly, so the value is the same bit for bit.
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

        ulong mantissa = 0;
        var digits = 0;
        var scale = 0;
        if (json[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            Accumulate(json, ref i, ref mantissa, ref digits, ref scale, fraction: false);
        }

        if (i < json.Length && json[i] == (byte)'.')
        {
            var fraction = ++i;
            Accumulate(json, ref i, ref mantissa, ref digits, ref scale, fraction: true);
            if (i == fraction)
            {
                return -1;
            }
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
        else
        {
            value = PythonJsonReader.Number(json[..i]);
        }

        return i;
    }

    /// <summary>Digits into the mantissa (leading zeros cost no digit; past 19 the value is not exact and read otherwise); a fraction's digits scale it down.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ReadOnlySpan<byte> json, ref int i, ref ulong mantissa, ref int digits, ref int scale, bool fraction)
    {
        for (; i < json.Length && IsDigit(json[i]); i++)
        {
            if (mantissa != 0 || json[i] != (byte)'0')
            {
                digits++;
                mantissa = digits <= 19 ? (mantissa * 10) + (uint)(json[i] - '0') : mantissa;
            }

            if (fraction)
            {
                scale--;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
