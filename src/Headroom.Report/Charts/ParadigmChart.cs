using Headroom.Study;
using ScottPlot;

namespace Headroom.Report;

/// <summary>
/// Section 4's chart: score against total compute (SFT before the branch plus RL; log axis) for every paradigm:
/// the SFT checkpoints (Pure-SFT, dotted in the dataset's colour), every SFT-then-RL branch (faint, its dataset's best bold), each Pure-RL and
/// synchronized run; each paradigm's ceiling as a dashed line.
/// </summary>
internal static class ParadigmChart
{
    public static Chart Of(StudyResult study, Palette palette)
    {
        var chart = new Chart("Score against total compute, every paradigm", "total compute: SFT + RL (EF, log)", "score");
        chart.LogX();
        var plot = chart.Plot;
        foreach (var run in study.SftRuns)
        {
            var scored = run.Checkpoints.Where(c => double.IsFinite(c.Score) && c.ExaFlops > 0).ToList();
            if (scored.Count > 1)
            {
                var line = plot.Add.Scatter(scored.Select(c => Chart.Log(c.ExaFlops)).ToArray(), scored.Select(c => c.Score).ToArray());
                line.Color = Palette.Colour(palette.OfRun(run.Name));
                line.LinePattern = LinePattern.Dotted;
                line.LineWidth = 2;
                line.MarkerShape = MarkerShape.OpenSquare;
                line.MarkerSize = 5;
                line.LegendText = $"Pure-SFT ({run.Name})";
            }
        }

        // Each dataset's best branch as the rest of the report names it (identified ceilings first).
        var best = study.Branches.Where(b => b.Paradigm == Paradigm.SftThenRl)
            .GroupBy(b => b.From).Select(g => StudyResult.Best(g)?.Name).OfType<string>().ToHashSet();
        foreach (var branch in study.Branches.Where(b => double.IsFinite(b.SftExaFlops)))
        {
            var c = branch.Curve;
            var order = Enumerable.Range(0, c.Compute.Count).Where(i => branch.SftExaFlops + c.Compute[i] > 0).OrderBy(i => c.Compute[i]).ToArray();
            if (order.Length == 0)
            {
                continue;
            }

            var emphasised = branch.Paradigm != Paradigm.SftThenRl || best.Contains(branch.Name);
            var line = plot.Add.ScatterLine(order.Select(i => Chart.Log(branch.SftExaFlops + c.Compute[i])).ToArray(), order.Select(i => c.Scores[i]).ToArray());
            line.Color = Palette.Colour(palette.Of(branch)).WithAlpha(emphasised ? 1 : 0.25);
            line.LineWidth = emphasised ? 2 : 1;
            if (emphasised)
            {
                line.LegendText = branch.Paradigm == Paradigm.SftThenRl ? $"SFT-then-RL, best: {branch.Name}" : $"{Label(branch)}: {branch.Name}";
            }
        }

        foreach (var paradigm in study.Paradigms.Where(p => double.IsFinite(p.Ceiling)))
        {
            var line = plot.Add.HorizontalLine(paradigm.Ceiling);
            line.Color = Palette.Colour(palette.Of(paradigm, study)).WithAlpha(0.7);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1;
        }

        chart.LegendBelow();
        return chart;
    }

    private static string Label(BranchResult branch) => branch.Paradigm == Paradigm.PureRl ? $"Pure-RL ({branch.Algorithm})" : branch.Algorithm.ToUpperInvariant();
}
