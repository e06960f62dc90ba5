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
        var cells = new List<(int Bi, int Ui, double Rss)>(Steepness.Count * USteps);
        for (var ui = 0; ui < USteps; ui++)
        {
            // A subset's box can be narrower than the window's grid: cells outside it are not starts.
            var u = points.GridU[ui];
            if (u < bounds.LnCMin || u > bounds.LnCMax)
            {
                continue;
            }

            for (var bi = 0; bi < Steepness.Count; bi++)
            {
                var rss = problem.EvaluateGridCell((ui * Steepness.Count) + bi, out _, out _);
                if (double.IsFinite(rss))
                {
                    cells.Add((bi, ui, rss));
                }
            }
        }

        cells.Sort((a, b) => a.Rss != b.Rss ? a.Rss.CompareTo(b.Rss) : (a.Ui, a.Bi).CompareTo((b.Ui, b.Bi)));
        var chosen = new List<(int Bi, int Ui, double Rss)>(count);
        foreach (var cell in cells)
        {
            if (chosen.Count == count)
            {
                break;
            }

            if (chosen.All(c => Math.Abs(c.Bi - cell.Bi) > 2 || Math.Abs(c.Ui - cell.Ui) > 2))
            {
                chosen.Add(cell);
            }
        }

        return chosen.Select(c => (Steepness[c.Bi], points.GridU[c.Ui], c.Rss)).ToList();
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
