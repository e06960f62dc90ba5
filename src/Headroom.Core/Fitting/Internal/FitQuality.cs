namespace Headroom.Core.Fitting.Internal;

/// <summary>Goodness-of-fit figures: R², RMSE, and the Gaussian AIC/BIC of framework.md §3.</summary>
internal static class FitQuality
{
    /// <summary>1 - RSS/TSS; NaN with fewer than 2 points or zero total variance.</summary>
    public static double RSquared(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted)
    {
        if (observed.Length < 2)
        {
            return double.NaN;
        }

        double mean = 0;
        foreach (var v in observed)
        {
            mean += v;
        }

        mean /= observed.Length;
        double rss = 0, tss = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            rss += (observed[i] - predicted[i]) * (observed[i] - predicted[i]);
            tss += (observed[i] - mean) * (observed[i] - mean);
        }

        return tss > 0 ? 1 - (rss / tss) : double.NaN;
    }

    /// <summary>Root mean squared error; NaN when empty.</summary>
    public static double Rmse(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted)
    {
        if (observed.Length == 0)
        {
            return double.NaN;
        }

        double rss = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            rss += (observed[i] - predicted[i]) * (observed[i] - predicted[i]);
        }

        return Math.Sqrt(rss / observed.Length);
    }

    /// <summary>AIC = n ln(RSS/n) + 2k; NaN when n = 0 or RSS = 0.</summary>
    public static double Aic(int n, double rss, int k) => n > 0 && rss > 0 ? n * Math.Log(rss / n) + 2 * k : double.NaN;

    /// <summary>BIC = n ln(RSS/n) + k ln n; NaN when n = 0 or RSS = 0.</summary>
    public static double Bic(int n, double rss, int k) => n > 0 && rss > 0 ? n * Math.Log(rss / n) + k * Math.Log(n) : double.NaN;
}
