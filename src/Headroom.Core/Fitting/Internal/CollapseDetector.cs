namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Flags runs whose score rises then falls for good (e.g. SRFT collapsing), which a sigmoid cannot describe.
/// On the gains sorted by compute (branch point first), smoothed by a running median of 3: the run has
/// collapsed when the peak is not in the final stretch (the last max(3, n/5) points) and the median of that
/// stretch lies below the peak by more than both 3σ̂ and half the peak gain, with σ̂ = 1.4826 MAD(Δy)/√2
/// the noise estimated from successive differences.
/// </summary>
internal static class CollapseDetector
{
    public static bool HasCollapsed(IReadOnlyList<double> gains, out int peakIndex)
    {
        peakIndex = -1;
        var n = gains.Count;
        if (n < 6)
        {
            return false;
        }

        var smooth = new double[n];
        smooth[0] = gains[0];
        smooth[n - 1] = gains[n - 1];
        for (var i = 1; i < n - 1; i++)
        {
            smooth[i] = ModifiedZScore.Median([gains[i - 1], gains[i], gains[i + 1]]);
        }

        peakIndex = Array.IndexOf(smooth, smooth.Max());
        var stretch = Math.Max(3, n / 5);
        if (peakIndex >= n - stretch)
        {
            return false;
        }

        var final = ModifiedZScore.Median(smooth.AsSpan(n - stretch));
        var differences = new double[n - 1];
        for (var i = 1; i < n; i++)
        {
            differences[i - 1] = gains[i] - gains[i - 1];
        }

        var medianDifference = ModifiedZScore.Median(differences);
        var noise = 1.4826 * ModifiedZScore.Median(differences.Select(d => Math.Abs(d - medianDifference)).ToArray()) / Math.Sqrt(2);
        var peakGain = smooth[peakIndex] - smooth[0];
        var drop = smooth[peakIndex] - final;
        return peakGain > 0 && drop > 3 * noise && drop > 0.5 * peakGain;
    }
}
