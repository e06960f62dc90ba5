using System.Buffers;
using System.Globalization;
using System.Text;

namespace Headroom.Ingest;

/// <summary>Number parsing with the invariant culture, accepting the spellings Python and numpy print.</summary>
internal static class Numbers
{
    public static bool TryParse(string? text, out double value)
    {
        value = double.NaN;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.AsSpan().Trim();
        if (TryJsonNumber(s, out value) || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        // Python's and C's spellings of the non-finite values, in any case (the runtime reads only NaN and Infinity).
        var negative = s[0] == '-';
        var word = s[0] is '+' or '-' ? s[1..] : s;
        if (word.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        value = double.NaN;
        return false;
    }

    /// <summary>
    /// Most cells of a log: a number spelled as JSON spells it, read on its grammar's fast path (<see cref="JsonNumber"/>,
    /// correctly rounded as double.Parse is, so the same value); false for any other text, left to double.TryParse.
    /// </summary>
    private static bool TryJsonNumber(ReadOnlySpan<char> text, out double value)
    {
        value = double.NaN;
        Span<byte> ascii = stackalloc byte[32];
        return text.Length <= ascii.Length
            && Ascii.FromUtf16(text, ascii, out var length) == OperationStatus.Done
            && JsonNumber.Read(ascii[..length], out value) == length;
    }

    /// <summary>A step: an integral number (a float such as `100.0` is accepted when it is integral).</summary>
    public static bool TryStep(double value, out long step)
    {
        step = 0;
        if (!double.IsFinite(value) || value != Math.Floor(value) || Math.Abs(value) > 9e15)
        {
            return false;
        }

        step = (long)value;
        return true;
    }
}
