using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>
/// The stability of a run's score (framework.md §8): the standard deviation of the score around its running median
/// of five evaluations (the trend), the largest fall of the running median of three below its running peak, and
/// whether the ceiling estimate found the score collapsing.
/// </summary>
internal static class Stability
{
    public static ScoreStability Of(BranchCeiling ceiling)
    {
        var y = ceiling.Y.Skip(1).ToArray();
        var trend = RunningMedian(y, 2);
        var residuals = y.Select((v, i) => v - trend[i]).ToArray();
        var spread = residuals.Length < 3 ? double.NaN : Math.Sqrt(residuals.Sum(r => r * r) / (residuals.Length - 1));
        var smooth = RunningMedian(y, 1);
        double peak = double.NegativeInfinity, drawdown = 0;
        foreach (var value in smooth)
        {
            peak = Math.Max(peak, value);
            drawdown = Math.Max(drawdown, peak - value);
        }

        var collapsed = ceiling.Warnings.Any(w => w.Code.Contains("collapse", StringComparison.Ordinal)
            || (w.Code == "peak_fallback" && w.Message.Contains("collapses", StringComparison.Ordinal)));
        return new ScoreStability(spread, y.Length == 0 ? double.NaN : drawdown, collapsed);
    }

    private static double[] RunningMedian(double[] values, int halfWidth)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var window = values[Math.Max(0, i - halfWidth)..Math.Min(values.Length, i + halfWidth + 1)];
            Array.Sort(window);
            result[i] = window.Length % 2 == 1 ? window[window.Length / 2] : (window[(window.Length / 2) - 1] + window[window.Length / 2]) / 2;
        }

        return result;
    }
}
