using Headroom.Core.Selection;
using Headroom.Study;
using ScottPlot;

namespace Headroom.Report;

/// <summary>
/// Section 3's chart: minimum SFT validation loss against best ceiling across datasets, with the fitted line,
/// its prediction band, and the candidate datasets at their predicted ceiling with intervals.
/// </summary>
internal static class SelectionChart
{
    public static Chart Of(SelectionAnalysis selection, IReadOnlyList<DatasetResult> datasets, Palette palette)
    {
        var c = selection.Correlation;
        var trend = c.Pearson < 0 ? "Lower loss, higher ceiling" : "Here lower loss goes with a lower ceiling";
        var chart = new Chart($"{trend}: r = {Fmt.Fixed(c.Pearson, 2)}, ρ = {Fmt.Fixed(c.Spearman, 2)}", "minimum SFT validation loss", "best A_post");
        var plot = chart.Plot;
        var predictor = selection.Predictor;
        var losses = selection.Fitted.Concat(selection.Ranking).Select(p => p.MinValidationLoss).ToArray();
        var (low, high) = (losses.Min(), losses.Max());
        var pad = Math.Max(0.01, (high - low) * 0.15);

        // A loss is never negative, so the line stops at zero rather than predicting for impossible losses.
        var left = low >= 0 ? Math.Max(0, low - pad) : low - pad;
        var grid = Enumerable.Range(0, 50).Select(i => left + ((high + pad - left) * i / 49.0)).ToArray();
        var predictions = grid.Select(x => predictor.Predict("grid", x)).ToArray();
        ScottPlot.Plottables.FillY? band = null;
        if (predictor.HasIntervals)
        {
            band = plot.Add.FillY(grid, predictions.Select(p => p.Low).ToArray(), predictions.Select(p => p.High).ToArray());
            band.FillColor = Palette.Colour(Palette.Muted).WithAlpha(0.18);
            band.LineWidth = 0;
            band.LegendText = $"{Fmt.Percent(predictor.Level)} prediction band";
        }

        var line = plot.Add.ScatterLine(grid, predictions.Select(p => p.Predicted).ToArray());
        line.Color = Palette.Colour(Palette.Ink);
        line.LineWidth = 1.5f;
        line.LegendText = "fitted line";
        foreach (var fitted in selection.Fitted)
        {
            var run = datasets.FirstOrDefault(d => d.Name == fitted.Name)?.Run ?? fitted.Name;
            var marker = plot.Add.Marker(fitted.MinValidationLoss, fitted.Observed, MarkerShape.FilledCircle, 11, Palette.Colour(palette.OfRun(run)));
            marker.LegendText = fitted.Name;
        }

        foreach (var candidate in selection.Ranking)
        {
            var run = datasets.FirstOrDefault(d => d.Name == candidate.Name)?.Run ?? candidate.Name;
            var colour = Palette.Colour(palette.OfRun(run));
            if (double.IsFinite(candidate.Low))
            {
                var whisker = plot.Add.Line(candidate.MinValidationLoss, candidate.Low, candidate.MinValidationLoss, candidate.High);
                whisker.Color = colour;
                whisker.LineWidth = 1.5f;
            }

            var marker = plot.Add.Marker(candidate.MinValidationLoss, candidate.Predicted, MarkerShape.OpenCircle, 11, colour);
            marker.LegendText = $"{candidate.Name} (predicted)";
        }

        var shown = selection.Fitted.Select(f => f.Observed).Concat(selection.Ranking.Select(r => r.Predicted)).ToArray();
        var (bottom, top) = (shown.Min() - 5, shown.Max() + 5);
        plot.Axes.SetLimitsY(bottom, top);
        if (band is not null && predictions.Any(p => p.Low < bottom || p.High > top))
        {
            // Few datasets give a band wider than the points' range: say so rather than flatten the points.
            band.LegendText += ", wider than the axes";
        }
        chart.LegendBelow();
        return chart;
    }
}
