using System.Globalization;
using MathNet.Numerics.Statistics;

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

    /// <summary>
    /// The (1 ± level)/2 percentiles of the finite <paramref name="replicates"/> (a percentile bootstrap interval);
    /// <see cref="None"/> with fewer than two finite values.
    /// </summary>
    public static Interval Percentiles(IEnumerable<double> replicates, double level)
    {
        ArgumentNullException.ThrowIfNull(replicates);
        var sorted = replicates.Where(double.IsFinite).ToArray();
        if (sorted.Length < 2)
        {
            return None;
        }

        Array.Sort(sorted);
        var tail = (1 - level) / 2;
        return new Interval(SortedArrayStatistics.Quantile(sorted, tail), SortedArrayStatistics.Quantile(sorted, 1 - tail));
    }

    /// <summary>True when <paramref name="value"/> lies inside the closed interval.</summary>
    public bool Contains(double value) => value >= Low && value <= High;

    /// <summary>"[low, high]" with two decimals, or "n/a".</summary>
    public override string ToString()
        => IsKnown ? string.Create(CultureInfo.InvariantCulture, $"[{Low:F2}, {High:F2}]") : "n/a";
}
