namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Model-free views of a noisy score curve in compute order: its trend by a running median of 3 (ends kept),
/// and its noise σ̂ = 1.4826 MAD(Δy) / √2 from successive differences (robust to outliers and to a slow trend).
/// </summary>
internal static class CurveNoise
{
    /// <summary>The running median of 3 of <paramref name="values"/>, the first and last values kept.</summary>
    public static double[] RunningMedian(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        var smooth = values.ToArray();
        for (var i = 1; i < n - 1; i++)
        {
            smooth[i] = ModifiedZScore.Median([values[i - 1], values[i], values[i + 1]]);
        }

        return smooth;
    }

    /// <summary>The noise standard deviation estimated from successive differences; NaN for fewer than 3 values.</summary>
    public static double Sigma(ReadOnlySpan<double> values)
    {
        if (values.Length < 3)
        {
            return double.NaN;
        }

        var differences = new double[values.Length - 1];
        for (var i = 1; i < values.Length; i++)
        {
            differences[i - 1] = values[i] - values[i - 1];
        }

        var median = ModifiedZScore.Median(differences);
        for (var i = 0; i < differences.Length; i++)
        {
            differences[i] = Math.Abs(differences[i] - median);
        }

        return 1.4826 * ModifiedZScore.Median(differences) / Math.Sqrt(2);
    }
}
