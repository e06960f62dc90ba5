using Headroom.Study;
using ScottPlot;

namespace Headroom.Report;

/// <summary>
/// Section 2's decomposition A_post = P_sft + PL_rl across one SFT run's branches (and Pure-RL at SFT compute 0):
/// one stacked bar per branch, P_sft below and the RL headroom PL_rl on top, with the interval of A_post.
/// </summary>
internal static class DecompositionChart
{
    public static Chart Of(string sftRun, IReadOnlyList<BranchResult> branches, Palette palette)
    {
        var chart = new Chart($"{sftRun}: A_post = P_sft + PL_rl by branch point", "SFT checkpoint (step · SFT compute, EF)", "score");
        var plot = chart.Plot;
        var colour = Palette.Colour(palette.OfRun(sftRun));
        var shown = branches.Where(b => double.IsFinite(b.Ceiling.APost)).OrderBy(b => b.SftExaFlops).ThenBy(b => b.SftStep ?? 0).ToList();
        var floor = Math.Floor(shown.Select(b => b.Ceiling.PSft).DefaultIfEmpty(0).Min() / 10) * 10;
        var bars = new List<Bar>();
        for (var i = 0; i < shown.Count; i++)
        {
            var c = shown[i].Ceiling;
            var fill = shown[i].Paradigm == Paradigm.SftThenRl ? colour : Palette.Colour(palette.Of(shown[i]));
            bars.Add(new Bar { Position = i, ValueBase = floor, Value = c.PSft, FillColor = fill.WithAlpha(0.45), LineWidth = 0 });
            bars.Add(new Bar { Position = i, ValueBase = c.PSft, Value = c.APost, FillColor = fill, LineWidth = 0 });
            if (c.Intervals.APost.IsKnown)
            {
                var whisker = plot.Add.Line(i, c.Intervals.APost.Low, i, c.Intervals.APost.High);
                whisker.Color = Palette.Colour(Palette.Ink);
                whisker.LineWidth = 1.5f;
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(
            [.. Enumerable.Range(0, shown.Count).Select(i => (double)i)],
            [.. shown.Select(b => b.Paradigm == Paradigm.SftThenRl ? $"{Fmt.Number(b.SftStep ?? double.NaN)}\n{Fmt.Ef(b.SftExaFlops)}" : $"Pure-RL\n{b.Algorithm}")]);
        var legendPsft = plot.Add.ScatterPoints(Array.Empty<double>(), Array.Empty<double>());
        legendPsft.LegendText = "P_sft (SFT checkpoint score)";
        legendPsft.MarkerShape = MarkerShape.FilledSquare;
        legendPsft.Color = colour.WithAlpha(0.45);
        var legendPl = plot.Add.ScatterPoints(Array.Empty<double>(), Array.Empty<double>());
        legendPl.LegendText = "PL_rl (RL headroom); top = A_post with interval";
        legendPl.MarkerShape = MarkerShape.FilledSquare;
        legendPl.Color = colour;
        plot.Axes.SetLimitsY(floor, shown.Select(b => b.Ceiling.Intervals.APost.IsKnown ? b.Ceiling.Intervals.APost.High : b.Ceiling.APost).DefaultIfEmpty(floor + 10).Max() + 3);
        chart.LegendBelow();
        return chart;
    }
}
