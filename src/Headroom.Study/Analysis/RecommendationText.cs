using System.Globalization;
using Headroom.Core.Fitting;
using Headroom.Core.Regimes;
using Headroom.Core.Selection;

namespace Headroom.Study;

/// <summary>The study's recommendation in plain words, every claim with the number behind it.</summary>
internal static class RecommendationText
{
    /// <summary>A Pearson r smaller than this in size is read as no relation (the usual line for a weak correlation).</summary>
    private const double NoRelationBelow = 0.3;

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
        // an alternative that reaches higher is named below, with by how much
        sentences.Add($"The highest {(study.BestBranchOutranked ? "SFT-then-RL ceiling" : "ceiling in this study")} is {start}: A_post {F(c.APost)}{interval}, that is P_sft {F(c.PSft)} plus {F(c.PLrl)} points of RL headroom{(c.Method == CeilingMethod.Peak ? " (a peak observed score, not a fitted asymptote)" : StudyResult.IsIdentified(best) ? string.Empty : " (not identified: no branch's curve bent within its measured compute, so this is what the law extrapolates)")}.");
        if (best.Reach.FirstOrDefault(r => r.Fraction == 0.9) is { } reach)
        {
            sentences.Add(reach.Remaining > 0
                ? $"Reaching 90% of that headroom needs about {G(reach.ExaFlops)} EF of RL, {G(reach.Remaining)} EF more than measured so far."
                : $"Its measured RL run, to {c.MaxCompute.ToString("G3", CultureInfo.InvariantCulture)} EF, already realises {Pct(Realised(c))} of that headroom (90% came at {G(reach.ExaFlops)} EF); more RL compute buys little.");
        }

        if (Neighbour(study, best) is { } near)
        {
            var n = near.Ceiling;
            sentences.Add($"That checkpoint is {Fmt(best.Regime)}; the {Fmt(near.Regime)} branch at step {G(near.SftStep!.Value)} reaches {F(n.APost)}"
                + (n.Intervals.APost.IsKnown ? $" ({F(n.Intervals.APost.Low)}–{F(n.Intervals.APost.High)})" : string.Empty)
                + (n.Intervals.APost.IsKnown && c.Intervals.APost.IsKnown && n.Intervals.APost.High >= c.Intervals.APost.Low ? ", an overlapping interval, so the two are not told apart." : "."));
        }

        if (best.From is { } from && study.SftRuns.FirstOrDefault(r => r.Name == from)?.RecommendedSwitch is { } sw)
        {
            var run = study.SftRuns.First(r => r.Name == from);
            sentences.Add($"For new runs on {run.Spec.Dataset}, switch from SFT to RL at step {G(sw.Step)}, the first Stable checkpoint (validation loss {sw.Loss.ToString("G4", CultureInfo.InvariantCulture)}, within {Pct(run.Regimes!.Options.Delta)} of its minimum); {Severe(run)}");
        }

        if (study.BestAlternative is { } pure && best.Paradigm == Paradigm.SftThenRl)
        {
            var gap = c.APost - pure.Ceiling;
            sentences.Add(gap >= 0 && c.Intervals.APost.IsKnown && pure.Ceiling >= c.Intervals.APost.Low
                ? $"The best alternative, {pure.Label} ({F(pure.Ceiling)}), lies inside SFT-then-RL's interval, so the two are not told apart."
                : gap >= 0
                    ? $"SFT-then-RL beats the best alternative, {pure.Label} ({F(pure.Ceiling)}), by {F(gap)} points."
                    : $"{pure.Label} reaches {F(pure.Ceiling)}, {F(-gap)} points above SFT-then-RL"
                        + (pure.CeilingInterval.IsKnown && c.Intervals.APost.IsKnown && pure.CeilingInterval.Low <= c.Intervals.APost.High
                            ? $", but its interval ({F(pure.CeilingInterval.Low)}–{F(pure.CeilingInterval.High)}) overlaps SFT-then-RL's, so the two are not told apart."
                            : "."));
        }

        var rising = study.Paradigms.Where(p => StudyResult.IsAlternative(p) && !p.Identified && !p.IsPeak && p.Ceiling > c.APost).ToList();
        if (best.Paradigm == Paradigm.SftThenRl && rising.Count > 0)
        {
            var one = rising.Count == 1;
            sentences.Add($"{string.Join(", ", rising.Select(p => p.Label))} {(one ? "was" : "were")} still rising when {(one ? "its run" : "their runs")} ended (highest measured score {F(rising.Max(p => p.PeakObserved))}; {(one ? "its ceiling is" : "their ceilings are")} not identified), so {(one ? "it" : "they")} may end higher: run longer to compare.");
        }

        if (study.Selection is { } selection)
            sentences.Add(LossCeilingSentence(selection));

        return string.Join(" ", sentences);
    }

    /// <summary>
    /// What the minimum-loss-vs-ceiling correlation says. Below |r| = 0.3 it says there is no relation (and ranks no
    /// candidates, since a flat line predicts them all alike); with p above 0.05 it calls the relation a hint.
    /// </summary>
    private static string LossCeilingSentence(SelectionAnalysis selection)
    {
        var r = selection.Correlation;
        var pearson = r.Pearson.ToString("F2", CultureInfo.InvariantCulture);
        var p = r.PearsonPValue.ToString("F2", CultureInfo.InvariantCulture);
        if (Math.Abs(r.Pearson) < NoRelationBelow)
            return $"Across {r.Count} datasets the minimum validation loss does not predict the ceiling (Pearson r {pearson}, p = {p}; the paper found r = −0.92), so it cannot rank candidate datasets here.";

        var weak = r.PearsonPValue > 0.05 ? $", p = {p}: a hint, not yet evidence" : string.Empty;
        var top = selection.Ranking.Count > 0 ? selection.Ranking[0] : null;
        var direction = r.Pearson < 0 ? "predicts a higher ceiling" : "goes with a lower ceiling";
        var opposite = r.Pearson < 0 ? string.Empty : ", the opposite of the paper's finding (r = −0.92)";
        return $"Across {r.Count} datasets a lower minimum validation loss {direction} (Pearson r {pearson}{weak}){opposite}"
            + (top is null ? "." : $"; of the candidates, {top.Name} is predicted highest ({F(top.Predicted)}{(double.IsFinite(top.Low) ? $", interval {F(top.Low)}–{F(top.High)}" : string.Empty)}).");
    }

    /// <summary>The share of PL_rl the fitted law has realised at the largest measured RL compute.</summary>
    private static double Realised(BranchCeiling c)
        => c.Fit is { } fit && fit.Parameters.PL != fit.Parameters.Eps
            ? (SigmoidLaw.Gain(c.MaxCompute, fit.Parameters) - fit.Parameters.Eps) / (fit.Parameters.PL - fit.Parameters.Eps)
            : double.NaN;

    /// <summary>When the best branch point is not Stable, the nearest Stable branch of the same run (the recommended kind).</summary>
    private static BranchResult? Neighbour(StudyResult study, BranchResult best)
        => best.Paradigm != Paradigm.SftThenRl || best.Regime is null or SftRegime.Stable || best.SftStep is not { } step
            ? null
            : study.Branches.Where(b => b.From == best.From && b.Regime == SftRegime.Stable && b.SftStep is not null && double.IsFinite(b.Ceiling.APost))
                .MinBy(b => Math.Abs(b.SftStep!.Value - step));

    private static string Fmt(SftRegime? regime) => regime switch
    {
        SftRegime.Adaptive => "still Adaptive",
        SftRegime.MildOverfitting => "mildly overfitted",
        SftRegime.SevereOverfitting => "severely overfitted",
        var r => r?.ToString() ?? "unlabelled",
    };

    private static string Severe(SftRunResult run)
    {
        var severe = run.Regimes!.Checkpoints.FirstOrDefault(k => k.Regime == SftRegime.SevereOverfitting);
        return severe is null ? "the run never overfits severely." : $"past step {G(severe.Step)} it overfits severely and RL plasticity collapses.";
    }

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string G(double value) => value.ToString(Math.Abs(value) >= 1000 ? "0" : "G4", CultureInfo.InvariantCulture);

    private static string Pct(double fraction) => (fraction * 100).ToString("G3", CultureInfo.InvariantCulture) + "%";
}
