namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// The global initial search: the reduced objective of a <see cref="SigmoidProblem"/> on a grid of
/// (B, u = ln C_mid), log-spaced B and u spanning the window's box, returning the best few cells that are not
/// neighbours, as starting points for local refinement. The logistic basis of every cell is precomputed once per
/// window (<see cref="FitPoints"/>), so a cell costs a few dot products, not n exponentials.
/// </summary>
internal static class GridStarts
{
    public const int USteps = 28;

    /// <summary>B of each grid row: 0.05 .. 20, log-spaced (steeper or flatter curves are reached by the local search).</summary>
    public static IReadOnlyList<double> Steepness { get; } = BuildSteepness();

    public static List<(double B, double U, double Rss)> Best(SigmoidProblem problem, int count)
    {
        var bounds = problem.Bounds;
        var points = problem.Points;
        var bSteps = Steepness.Count;
        Span<double> rss = stackalloc double[USteps * bSteps];
        for (var ui = 0; ui < USteps; ui++)
        {
            // A subset's box can be narrower than the window's grid: cells outside it are not starts.
            var u = points.GridU[ui];
            var inside = u >= bounds.LnCMin && u <= bounds.LnCMax;
            for (var bi = 0; bi < bSteps; bi++)
            {
                var cell = (ui * bSteps) + bi;
                rss[cell] = inside ? problem.EvaluateGridCell(cell, out _, out _) : double.NaN;
            }
        }

        // The best cell, then the best cell that is not within two steps of one chosen, and so on (ties to the lower
        // (u, B) index): the same as walking the sorted cells, without sorting 504 of them for a handful.
        var chosen = new List<(double B, double U, double Rss)>(count);
        while (chosen.Count < count)
        {
            var best = -1;
            for (var cell = 0; cell < rss.Length; cell++)
            {
                if (double.IsFinite(rss[cell]) && (best < 0 || rss[cell] < rss[best]))
                {
                    best = cell;
                }
            }

            if (best < 0)
            {
                break;
            }

            var (bestU, bestB) = Math.DivRem(best, bSteps);
            chosen.Add((Steepness[bestB], points.GridU[bestU], rss[best]));
            for (var ui = Math.Max(0, bestU - 2); ui <= Math.Min(USteps - 1, bestU + 2); ui++)
            {
                for (var bi = Math.Max(0, bestB - 2); bi <= Math.Min(bSteps - 1, bestB + 2); bi++)
                {
                    rss[(ui * bSteps) + bi] = double.NaN;
                }
            }
        }

        return chosen;
    }

    private static double[] BuildSteepness()
    {
        const int Steps = 18;
        var values = new double[Steps];
        for (var i = 0; i < Steps; i++)
        {
            values[i] = 0.05 * Math.Pow(400, i / (double)(Steps - 1));
        }

        return values;
    }
}
