using System.Globalization;
using Headroom.Core.Regimes;

namespace Headroom.Study;

/// <summary>The study's recommendation in plain words, every claim with the number behind it.</summary>
internal static class RecommendationText
{
    public static string Of(StudyResult study)
    {
        var sentences = new List<string>();
        var best = study.BestBranch;
        if (best is null)
        {
            return "No branch could be fitted, so there is no recommendation yet; see the notes.";
        }

        var c = best.Ceiling;
        var interval = c.Intervals.APost.IsKnown ? $" ({Pct(c.Intervals.Level)} interval {F(c.Intervals.APost.Low)}–{F(c.Intervals.APost.High)})" : string.Empty;
        var start = best.Paradigm == Paradigm.SftThenRl && best.SftStep is { } step
            ? $"RL from SFT checkpoint {G(step)} of {best.From}"
            : $"{best.Name} ({best.Algorithm})";
        sentences.Add($"The highest ceiling in this study is {start}: A_post {F(c.APost)}{interval}, that is P_sft {F(c.PSft)} plus {F(c.PLrl)} points of RL headroom{(c.Method == Headroom.Core.Fitting.CeilingMethod.Peak ? " (a peak observed score, not a fitted asymptote)" : string.Empty)}.");
        if (best.Reach.FirstOrDefault(r => r.Fraction == 0.9) is { } reach)
        {
            sentences.Add(reach.Remaining > 0
                ? $"Reaching 90% of that headroom needs about {G(reach.ExaFlops)} EF of RL, {G(reach.Remaining)} EF more than measured so far."
                : $"Its measured RL run already realises 90% of that headroom (at {G(reach.ExaFlops)} EF); more RL compute buys little.");
        }

        if (best.From is { } from && study.SftRuns.FirstOrDefault(r => r.Name == from)?.RecommendedSwitch is { } sw)
        {
            var run = study.SftRuns.First(r => r.Name == from);
            sentences.Add($"For new runs on {run.Spec.Dataset}, switch from SFT to RL at step {G(sw.Step)}, the first Stable checkpoint (validation loss {sw.Loss.ToString("G4", CultureInfo.InvariantCulture)}, within {Pct(run.Regimes!.Options.Delta)} of its minimum); {Severe(run)}");
        }

        var pure = study.Paradigms.Where(p => p.Paradigm is Paradigm.PureRl or Paradigm.Synchronized or Paradigm.PureSft).MaxBy(p => double.IsFinite(p.Ceiling) ? p.Ceiling : double.NegativeInfinity);
        if (pure is not null && double.IsFinite(pure.Ceiling) && best.Paradigm == Paradigm.SftThenRl)
        {
            var gap = c.APost - pure.Ceiling;
            sentences.Add(gap >= 0
                ? $"SFT-then-RL beats the best alternative, {pure.Label} ({F(pure.Ceiling)}), by {F(gap)} points."
                : $"{pure.Label} reaches {F(pure.Ceiling)}, {F(-gap)} points above SFT-then-RL.");
        }

        if (study.Selection is { } selection)
        {
            sentences.Add($"Across {selection.Correlation.Count} datasets a lower minimum validation loss predicts a higher ceiling (Pearson r {selection.Correlation.Pearson.ToString("F2", CultureInfo.InvariantCulture)})"
                + (selection.Ranking.Count > 0 ? $"; of the candidates, {selection.Ranking[0].Name} is predicted highest ({F(selection.Ranking[0].Predicted)})." : "."));
        }

        return string.Join(" ", sentences);
    }

    private static string Severe(SftRunResult run)
    {
        var severe = run.Regimes!.Checkpoints.FirstOrDefault(k => k.Regime == SftRegime.SevereOverfitting);
        return severe is null ? "the run never overfits severely." : $"past step {G(severe.Step)} it overfits severely and RL plasticity collapses.";
    }

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string G(double value) => value.ToString(Math.Abs(value) >= 1000 ? "0" : "G4", CultureInfo.InvariantCulture);

    private static string Pct(double fraction) => (fraction * 100).ToString("G3", CultureInfo.InvariantCulture) + "%";
}
