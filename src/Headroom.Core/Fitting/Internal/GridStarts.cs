namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// The global initial search: the reduced objective of a <see cref="SigmoidProblem"/> on a grid of
/// (B, u = ln C_mid), log-spaced B and u spanning the box, returning the best few cells that are not
/// neighbours, as starting points for local refinement.
/// </summary>
internal static class GridStarts
{
    private static readonly double[] _steepness = BuildSteepness();

    public static List<(double B, double U, double Rss)> Best(SigmoidProblem problem, int count, int uSteps = 28)
    {
        var bounds = problem.Bounds;
        var cells = new List<(int Bi, int Ui, double B, double U, double Rss)>(_steepness.Length * uSteps);
        for (var ui = 0; ui < uSteps; ui++)
        {
            var u = bounds.LnCMin + (bounds.LnCMax - bounds.LnCMin) * (ui + 0.5) / uSteps;
            for (var bi = 0; bi < _steepness.Length; bi++)
            {
                var rss = problem.Evaluate(_steepness[bi], u, out _, out _);
                if (double.IsFinite(rss))
                {
                    cells.Add((bi, ui, _steepness[bi], u, rss));
                }
            }
        }

        cells.Sort((a, b) => a.Rss != b.Rss ? a.Rss.CompareTo(b.Rss) : (a.Ui, a.Bi).CompareTo((b.Ui, b.Bi)));
        var chosen = new List<(int Bi, int Ui, double B, double U, double Rss)>(count);
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

        return chosen.Select(c => (c.B, c.U, c.Rss)).ToList();
    }

    private static double[] BuildSteepness()
    {
        // 0.05 .. 20, log-spaced: steeper or flatter curves are reached by the local search.
        const int Steps = 18;
        var values = new double[Steps];
        for (var i = 0; i < Steps; i++)
        {
            values[i] = 0.05 * Math.Pow(400, i / (double)(Steps - 1));
        }

        return values;
    }
}
