namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Bounded least squares of the law on one set of points: a global grid search on the reduced objective,
/// then Levenberg–Marquardt from the best grid cells and from the kit's starting point
/// p0 = (B = 1, C_mid = median x, PL = max y), keeping the lowest RSS.
/// </summary>
internal static class SigmoidLeastSquares
{
    public static LocalFit Global(SigmoidProblem problem, double kitStartU, int gridStarts)
    {
        var best = LocalFit.From(ProjectedLevenbergMarquardt.Minimise(problem, 1.0, kitStartU));
        foreach (var (b, u, _) in GridStarts.Best(problem, gridStarts))
        {
            var candidate = LocalFit.From(ProjectedLevenbergMarquardt.Minimise(problem, b, u));
            if (candidate.Rss < best.Rss)
            {
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>Local refinement from <paramref name="start"/> only.</summary>
    public static LocalFit Local(SigmoidProblem problem, SigmoidParameters start)
        => LocalFit.From(ProjectedLevenbergMarquardt.Minimise(problem, start.B, Math.Log(start.CMid)));

    /// <summary>u = ln(median x) of the kit's starting point (median over every point, branch point included).</summary>
    public static double KitStartU(ReadOnlySpan<double> x) => KitStart(x);

    private static double KitStart(ReadOnlySpan<double> x)
    {
        var sorted = x.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        return median > 0 ? Math.Log(median) : double.NegativeInfinity;
    }
}
