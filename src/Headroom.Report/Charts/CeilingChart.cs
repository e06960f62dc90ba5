using Headroom.Core.Fitting;
using Headroom.Study;
using ScottPlot;

namespace Headroom.Report;

/// <summary>
/// Section 1's chart of one branch: score against RL compute (log axis) with the fitted law, its bootstrap band
/// (percentiles of the replicates' laws), the ceiling A_post and P_sft as lines, training points filled,
/// validation points hollow beyond the split, and rejected outliers crossed out.
/// </summary>
internal static class CeilingChart
{
    private const int GridPoints = 80;

    public static Chart Of(BranchResult branch, Palette palette)
    {
        var c = branch.Ceiling;
        var colour = Palette.Colour(palette.Of(branch));
        var chart = new Chart($"{branch.Name}: A_post {Fmt.Score(c.APost)}", "RL compute since the branch point (EF, log)", "score");
        chart.LogX();
        var plot = chart.Plot;
        var outliers = c.Fit?.Outliers.ToHashSet() ?? [];
        var trainEnd = c.Fit?.TrainEnd ?? c.X.Count;
        var points = Enumerable.Range(1, Math.Max(0, c.X.Count - 1)).Where(i => c.X[i] > 0 && double.IsFinite(c.Y[i])).ToList();
        if (points.Count == 0)
        {
            return chart;
        }

        var lowX = c.X[points[0]] / 1.5;
        var highX = c.X[points[^1]] * 2;
        if (c.Method == CeilingMethod.Sigmoid && c.Fit is { } fit)
        {
            var grid = Enumerable.Range(0, GridPoints).Select(i => Math.Exp(Math.Log(lowX) + ((Math.Log(highX) - Math.Log(lowX)) * i / (GridPoints - 1)))).ToArray();
            var logs = grid.Select(Chart.Log).ToArray();
            if (c.Intervals.Replicates.Count >= 20)
            {
                var (low, high) = Band(c, grid);
                var band = plot.Add.FillY(logs, low, high);
                band.FillColor = colour.WithAlpha(0.18);
                band.LineWidth = 0;
                band.LegendText = $"{Fmt.Percent(c.Intervals.Level)} band";
            }

            var law = plot.Add.ScatterLine(logs, grid.Select(x => c.PSft + SigmoidLaw.Gain(x, fit.Parameters)).ToArray());
            law.Color = colour;
            law.LineWidth = 2.5f;
            law.LegendText = "fitted law";
        }

        Points(plot, c, points.Where(i => i < trainEnd && !outliers.Contains(i)), colour, MarkerShape.FilledCircle, "train");
        Points(plot, c, points.Where(i => i >= trainEnd), colour, MarkerShape.OpenCircle, "validation");
        Points(plot, c, points.Where(outliers.Contains), Color.FromHex("#D62728"), MarkerShape.Eks, "rejected");
        if (trainEnd < c.X.Count && trainEnd > 1)
        {
            var split = plot.Add.VerticalLine((Chart.Log(c.X[trainEnd - 1]) + Chart.Log(c.X[trainEnd])) / 2);
            split.Color = Palette.Colour(Palette.Muted);
            split.LinePattern = LinePattern.Dotted;
            split.LineWidth = 1.5f;
        }

        Level(plot, c.APost, colour, $"A_post {Fmt.Score(c.APost)}", LinePattern.Dashed);
        Level(plot, c.PSft, Palette.Colour(Palette.Muted), $"P_sft {Fmt.Score(c.PSft)}", LinePattern.Dotted);
        plot.HideLegend();
        return chart;
    }

    /// <summary>The (1 ± level)/2 percentiles over the replicates of P_sft + shift + gain(x) at each grid point.</summary>
    private static (double[] Low, double[] High) Band(BranchCeiling c, double[] grid)
    {
        var low = new double[grid.Length];
        var high = new double[grid.Length];
        var values = new double[c.Intervals.Replicates.Count];
        for (var j = 0; j < grid.Length; j++)
        {
            for (var r = 0; r < values.Length; r++)
            {
                var replicate = c.Intervals.Replicates[r];
                values[r] = c.PSft + replicate.PSftShift + SigmoidLaw.Gain(grid[j], replicate.Parameters);
            }

            var interval = Interval.Percentiles(values, c.Intervals.Level);
            (low[j], high[j]) = (interval.Low, interval.High);
        }

        return (low, high);
    }

    private static void Points(Plot plot, BranchCeiling c, IEnumerable<int> indices, Color colour, MarkerShape shape, string label)
    {
        var chosen = indices.ToArray();
        if (chosen.Length == 0)
        {
            return;
        }

        var scatter = plot.Add.ScatterPoints(chosen.Select(i => Chart.Log(c.X[i])).ToArray(), chosen.Select(i => c.PSft + c.Y[i]).ToArray());
        scatter.Color = colour;
        scatter.MarkerShape = shape;
        scatter.MarkerSize = shape == MarkerShape.Eks ? 9 : 7;
        scatter.LegendText = label;
    }

    private static void Level(Plot plot, double y, Color colour, string text, LinePattern pattern)
    {
        if (!double.IsFinite(y))
        {
            return;
        }

        var line = plot.Add.HorizontalLine(y);
        line.Color = colour.WithAlpha(0.8);
        line.LinePattern = pattern;
        line.LineWidth = 1.5f;
        line.LegendText = text;
    }
}
