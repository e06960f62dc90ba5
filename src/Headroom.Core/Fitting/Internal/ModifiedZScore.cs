namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// The modified Z-score of Iglewicz &amp; Hoaglin (1993), framework.md §3 Stage 1:
/// M_i = 0.6745 (r_i - median(r)) / MAD with MAD = median |r - median(r)| (1 when MAD = 0).
/// A MAD below <c>madFloor</c> is raised to it: on data the law fits exactly, the residuals are rounding
/// noise and would otherwise flag points at random.
/// </summary>
internal static class ModifiedZScore
{
    /// <summary>Marks <paramref name="inlier"/>[i] = |M_i| ≤ tau for the residuals <paramref name="residuals"/>.</summary>
    public static void Classify(ReadOnlySpan<double> residuals, double tau, Span<bool> inlier, double madFloor = 0)
    {
        var median = Median(residuals);
        var deviations = new double[residuals.Length];
        for (var i = 0; i < residuals.Length; i++)
        {
            deviations[i] = Math.Abs(residuals[i] - median);
        }

        var mad = Median(deviations);
        if (mad == 0)
        {
            mad = 1;
        }
        else if (mad < madFloor)
        {
            mad = madFloor;
        }

        for (var i = 0; i < residuals.Length; i++)
        {
            inlier[i] = Math.Abs(0.6745 * (residuals[i] - median) / mad) <= tau;
        }
    }

    /// <summary>The median; NaN when empty.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
