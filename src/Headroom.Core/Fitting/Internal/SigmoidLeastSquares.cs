namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Bounded least squares of the law on one set of points: a global grid search on the reduced objective,
/// then Levenberg–Marquardt from the best grid cells and from the kit's starting point
/// p0 = (B = 1, C_mid = median x, PL = max y), keeping the lowest RSS.
/// </summary>
internal static class SigmoidLeastSquares
{
    public static LocalFit Global(SigmoidProblem problem, int gridStarts)
    {
        var best = LocalFit.From(ProjectedLevenbergMarquardt.Minimise(problem, 1.0, KitStartU(problem)));
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

    /// <summary>u = ln(median x) of the kit's starting point (median over every point of the problem, branch point included).</summary>
    public static double KitStartU(SigmoidProblem problem)
    {
        var x = new double[problem.Count];
        for (var j = 0; j < x.Length; j++)
        {
            x[j] = problem.Points.X[problem.Rows[j]];
        }

        var median = ModifiedZScore.Median(x);
        return median > 0 ? Math.Log(median) : double.NegativeInfinity;
    }
}
