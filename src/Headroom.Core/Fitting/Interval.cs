using System.Globalization;

namespace Headroom.Core.Fitting;

/// <summary>A confidence interval [Low, High]; both NaN when it could not be computed.</summary>
public readonly record struct Interval(double Low, double High)
{
    /// <summary>The interval that could not be computed.</summary>
    public static Interval None { get; } = new(double.NaN, double.NaN);

    /// <summary>True when both ends are finite.</summary>
    public bool IsKnown => double.IsFinite(Low) && double.IsFinite(High);

    /// <summary>High - Low (NaN when unknown).</summary>
    public double Width => High - Low;

    /// <summary>True when <paramref name="value"/> lies inside the closed interval.</summary>
    public bool Contains(double value) => value >= Low && value <= High;

    /// <summary>"[low, high]" with two decimals, or "n/a".</summary>
    public override string ToString()
        => IsKnown ? string.Create(CultureInfo.InvariantCulture, $"[{Low:F2}, {High:F2}]") : "n/a";
}
