using System.Globalization;

namespace Headroom.Cli.Output;

/// <summary>Invariant-culture number formatting for tables and CSV.</summary>
internal static class TextFormat
{
    /// <summary>Up to 6 significant digits; "n/a" for NaN.</summary>
    public static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>3 significant digits, for quantities of any scale (compute in EF from 1e-8 to 1e3); "n/a" when not finite.</summary>
    public static string Significant(double value) => double.IsFinite(value) ? value.ToString("G3", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Fixed decimals; "n/a" for NaN.</summary>
    public static string Fixed(double value, int decimals = 2)
        => double.IsNaN(value) ? "n/a" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Round-trip text for machine output (CSV); empty for NaN.</summary>
    public static string Exact(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);
}
