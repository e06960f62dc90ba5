using System.Globalization;

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

        var s = text.Trim();
        switch (s.ToLowerInvariant())
        {
            case "nan" or "+nan" or "-nan":
                value = double.NaN;
                return true;
            case "inf" or "+inf" or "infinity" or "+infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
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
