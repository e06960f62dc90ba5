using System.Globalization;
using Headroom.Core.Fitting;
using Headroom.Core.Regimes;
using Headroom.Study;

namespace Headroom.Report;

/// <summary>Invariant-culture formatting shared by the page and the summary; "–" for unknown values.</summary>
internal static class Fmt
{
    public const string Unknown = "–";

    public static string Score(double value) => double.IsFinite(value) ? value.ToString("F1", CultureInfo.InvariantCulture) : Unknown;

    /// <summary>A validation loss to 3 significant digits: lab and long runs reach 1e-4 and below, which fixed decimals show as 0.</summary>
    public static string Loss(double value) => double.IsFinite(value) ? value.ToString("G3", CultureInfo.InvariantCulture) : Unknown;

    public static string Fixed(double value, int decimals) => double.IsFinite(value) ? value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : Unknown;

    public static string Number(double value)
        => !double.IsFinite(value) ? Unknown : value.ToString(Math.Abs(value) >= 1000 && value == Math.Round(value) ? "0" : "G4", CultureInfo.InvariantCulture);

    /// <summary>Compute in EF: 3 significant digits, whole numbers up to 10^5, powers of ten beyond.</summary>
    public static string Ef(double value) => !double.IsFinite(value) ? Unknown : Math.Abs(value) switch
    {
        >= 1e5 => value.ToString("0.#e0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        _ => value.ToString("G3", CultureInfo.InvariantCulture),
    };

    public static string Range(Interval interval, Func<double, string> format) => interval.IsKnown ? $"{format(interval.Low)}–{format(interval.High)}" : Unknown;

    /// <summary>Beyond this multiple of the measured compute the law is extrapolated too far to bound anything.</summary>
    public const int Unbounded = 100;

    /// <summary>A compute interval in EF whose upper end, beyond <see cref="Unbounded"/> times <paramref name="measured"/>, shows as ∞.</summary>
    public static string EfRange(Interval interval, double measured)
        => !interval.IsKnown ? Unknown : interval.High > Unbounded * measured ? $"{Ef(interval.Low)}–∞" : Range(interval, Ef);

    /// <summary>The compute for a share of the headroom with its interval.</summary>
    public static string Reach(HeadroomReach reach, double measured) => $"{Ef(reach.ExaFlops)} ({EfRange(reach.Interval, measured)})";

    public static string Percent(double fraction) => (fraction * 100).ToString("G3", CultureInfo.InvariantCulture) + "%";

    public static string Regime(SftRegime? regime) => regime switch
    {
        null => Unknown,
        SftRegime.MildOverfitting => "Mild overfitting",
        SftRegime.SevereOverfitting => "Severe overfitting",
        var r => r.ToString()!,
    };
}
