namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Flags runs whose score rises then falls for good (e.g. SRFT collapsing), which a sigmoid cannot describe.
/// On the gains of the training window sorted by compute, smoothed by a running median of 3 (<see cref="CurveNoise"/>):
/// the run has collapsed when the peak is not in the final stretch (the last max(3, n/5) points) and the median of
/// that stretch lies below the peak by more than both 3σ̂ and half the peak gain (over the branch score, gain 0),
/// with σ̂ the noise estimated from successive differences.
/// </summary>
internal static class CollapseDetector
{
    /// <summary>Whether <paramref name="gains"/> collapse; <paramref name="peakIndex"/> is the smoothed peak (-1 below 6 points).</summary>
    public static bool HasCollapsed(ReadOnlySpan<double> gains, out int peakIndex)
    {
        peakIndex = -1;
        var n = gains.Length;
        if (n < 6)
        {
            return false;
        }

        var smooth = CurveNoise.RunningMedian(gains);
        peakIndex = Array.IndexOf(smooth, smooth.Max());
        var stretch = Math.Max(3, n / 5);
        if (peakIndex >= n - stretch)
        {
            return false;
        }

        var final = ModifiedZScore.Median(smooth.AsSpan(n - stretch));
        var noise = CurveNoise.Sigma(gains);
        var peakGain = smooth[peakIndex];
        var drop = smooth[peakIndex] - final;
        return peakGain > 0 && drop > 3 * noise && drop > 0.5 * peakGain;
    }
}
