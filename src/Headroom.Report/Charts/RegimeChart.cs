using Headroom.Core.Regimes;
using Headroom.Study;
using ScottPlot;

namespace Headroom.Report;

/// <summary>
/// Section 2's chart of one SFT run: validation loss against step with the regime of each stretch shaded
/// (Adaptive, Stable, Mild, Severe), the Stable and Severe thresholds, the run's RL branches marked, and the
/// recommended checkpoint starred.
/// </summary>
internal static class RegimeChart
{
    public static Chart Of(SftRunResult run, IReadOnlyList<BranchResult> branches, Palette palette)
    {
        var chart = new Chart($"{run.Name}: validation loss and regimes", "SFT step", "validation loss");
        var plot = chart.Plot;
        var analysis = run.Regimes!;
        var checkpoints = analysis.Checkpoints;
        for (var i = 0; i < checkpoints.Count; i++)
        {
            var left = i == 0 ? checkpoints[0].Step : (checkpoints[i - 1].Step + checkpoints[i].Step) / 2;
            var right = i == checkpoints.Count - 1 ? checkpoints[i].Step : (checkpoints[i].Step + checkpoints[i + 1].Step) / 2;
            var span = plot.Add.HorizontalSpan(left, right);
            span.FillStyle.Color = Band(checkpoints[i].Regime);
            span.LineStyle.Width = 0;
        }

        foreach (var regime in checkpoints.Select(c => c.Regime).Distinct().Order())
        {
            var legend = plot.Add.ScatterPoints(Array.Empty<double>(), Array.Empty<double>());
            legend.LegendText = Fmt.Regime(regime);
            legend.MarkerShape = MarkerShape.FilledSquare;
            legend.MarkerSize = 10;
            legend.Color = Band(regime).WithAlpha(0.9);
        }

        var colour = Palette.Colour(palette.OfRun(run.Name));
        var line = plot.Add.Scatter(checkpoints.Select(c => c.Step).ToArray(), checkpoints.Select(c => c.Loss).ToArray());
        line.Color = colour;
        line.LineWidth = 2;
        line.MarkerSize = 5;
        line.LegendText = "validation loss";

        Threshold(plot, analysis.StableThreshold, "Stable below (1+δ) L_min");
        Threshold(plot, analysis.SevereThreshold, "Severe above (1+δ₂) L_min");
        foreach (var branch in branches.Where(b => b.From == run.Name && b.SftStep is > 0))
        {
            var marker = plot.Add.VerticalLine(branch.SftStep!.Value);
            marker.Color = Palette.Colour(Palette.Ink).WithAlpha(0.35);
            marker.LineWidth = 1;
            marker.LinePattern = LinePattern.Dashed;
        }

        if (analysis.RecommendedSwitch is { } sw)
        {
            var star = plot.Add.Marker(sw.Step, sw.Loss, MarkerShape.FilledDiamond, 14, Palette.Colour(Palette.Ink));
            star.LegendText = $"switch to RL: step {Fmt.Number(sw.Step)}";
        }

        // Zoom on the band that decides the regimes: the early, steep losses would flatten it.
        var top = Math.Max(analysis.SevereThreshold * 1.08, analysis.MinimumLoss * 1.3);
        plot.Axes.SetLimitsY(analysis.MinimumLoss * 0.97, Math.Min(top, checkpoints.Max(c => c.Loss) * 1.02));
        chart.LegendBelow();
        return chart;
    }

    private static void Threshold(Plot plot, double y, string text)
    {
        if (!double.IsFinite(y))
        {
            return;
        }

        var line = plot.Add.HorizontalLine(y);
        line.Color = Palette.Colour(Palette.Muted);
        line.LinePattern = LinePattern.Dotted;
        line.LineWidth = 1;
        line.LegendText = text;
    }

    internal static Color Band(SftRegime regime) => regime switch
    {
        SftRegime.Adaptive => Color.FromHex("#DCE6F2"),
        SftRegime.Stable => Color.FromHex("#D5EFD8"),
        SftRegime.MildOverfitting => Color.FromHex("#FBEACB"),
        _ => Color.FromHex("#F6D0CF"),
    };
}
