using System.Text;
using Headroom.Core.Fitting;
using Headroom.Study;

namespace Headroom.Report;

/// <summary>`summary.md`: the report's recommendation and tables in Markdown, for a pull request or a wiki.</summary>
internal static class SummaryMarkdown
{
    public static string Of(StudyResult study)
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(study.Name).AppendLine();
        md.AppendLine(study.Recommendation).AppendLine();

        md.AppendLine("## 1. Where is the ceiling?").AppendLine();
        var level = study.Branches.Select(b => b.Ceiling.Intervals.Level).FirstOrDefault(double.IsFinite, 0.95);
        md.AppendLine($"| branch | from | P_sft | A_post | {Fmt.Percent(level)} interval | PL_rl | C_mid (EF) | B | R² train | R² val | method | flags |");
        md.AppendLine("|---|---|---:|---:|---|---:|---:|---:|---:|---:|---|---|");
        foreach (var b in study.Branches)
        {
            var c = b.Ceiling;
            md.AppendLine($"| {b.Name} | {From(b)} | {Fmt.Score(c.PSft)} | {Fmt.Score(c.APost)} | {Fmt.Range(c.Intervals.APost, Fmt.Score)} | {Fmt.Score(c.PLrl)} | {Fmt.Number(c.CMid)} | {Fmt.Fixed(c.B, 2)} | {Fmt.Fixed(c.Fit?.R2Train ?? double.NaN, 3)} | {Fmt.Fixed(c.Fit?.R2Validation ?? double.NaN, 3)} | {c.Method.ToString().ToLowerInvariant()} | {string.Join(", ", c.Warnings.Select(w => w.Code))} |");
        }

        md.AppendLine();
        foreach (var b in study.Branches.Where(b => b.Ceiling.Warnings.Count > 0))
        {
            foreach (var w in b.Ceiling.Warnings)
            {
                md.AppendLine($"- **{b.Name}**: {w.Message}");
            }
        }

        md.AppendLine().AppendLine("## 2. When to switch?").AppendLine();
        foreach (var run in study.SftRuns.Where(r => r.Regimes is not null))
        {
            var sw = run.RecommendedSwitch;
            md.AppendLine($"- **{run.Name}** ({run.Spec.Dataset}): minimum validation loss {Fmt.Loss(run.MinValidationLoss)}; recommended switch to RL at step {(sw is null ? Fmt.Unknown : Fmt.Number(sw.Step))} (the first Stable checkpoint).");
        }

        foreach (var (run, d) in study.Decomposition)
        {
            md.AppendLine($"- Decomposition over {run}'s branches (Pure-RL and Severe excluded): mean P_sft {Fmt.Score(d.MeanPSft)} + mean PL_rl {Fmt.Score(d.MeanPLrl)} = mean A_post {Fmt.Score(d.MeanAPost)}.");
        }

        md.AppendLine().AppendLine("## 3. Which data?").AppendLine();
        md.AppendLine("| dataset | size | difficulty | min val loss | best A_post | branch |");
        md.AppendLine("|---|---:|---|---:|---:|---|");
        foreach (var d in study.Datasets)
        {
            md.AppendLine($"| {d.Name} | {(d.Size is { } s ? Fmt.Number(s) : Fmt.Unknown)} | {d.Difficulty ?? Fmt.Unknown} | {Fmt.Loss(d.MinValidationLoss)} | {Fmt.Score(d.BestAPost)} | {d.BestBranch ?? (double.IsFinite(d.BestAPost) ? "reported" : "candidate")} |");
        }

        md.AppendLine();
        if (study.Selection is { } sel)
        {
            md.AppendLine($"Pearson r = {Fmt.Fixed(sel.Correlation.Pearson, 3)}, Spearman ρ = {Fmt.Fixed(sel.Correlation.Spearman, 3)} over {sel.Correlation.Count} datasets; ceiling ≈ {Fmt.Fixed(sel.Predictor.Intercept, 2)} + ({Fmt.Fixed(sel.Predictor.Slope, 2)}) × loss.");
            foreach (var (r, i) in sel.Ranking.Select((r, i) => (r, i)))
            {
                md.AppendLine($"{i + 1}. {r.Name}: predicted A_post {Fmt.Score(r.Predicted)} ({Fmt.Range(new Interval(r.Low, r.High), Fmt.Score)}){(r.Extrapolated ? ", extrapolated" : string.Empty)}");
            }
        }
        else
        {
            md.AppendLine("Fewer than three datasets have both a minimum validation loss and a ceiling: no correlation is drawn.");
        }

        md.AppendLine().AppendLine("## 4. Which paradigm?").AppendLine();
        md.AppendLine("| paradigm | best run | ceiling | interval | peak observed | runs | detrended spread | collapses |");
        md.AppendLine("|---|---|---:|---|---:|---:|---:|---:|");
        foreach (var p in study.Paradigms)
        {
            md.AppendLine($"| {p.Label} | {p.BestRun} | {Fmt.Score(p.Ceiling)}{(p.IsPeak ? " (peak)" : p.Identified ? string.Empty : " (not identified)")} | {Fmt.Range(p.CeilingInterval, Fmt.Score)} | {Fmt.Score(p.PeakObserved)} | {p.Runs} | {Fmt.Fixed(p.DetrendedSpread, 2)} | {p.Collapses} |");
        }

        md.AppendLine().AppendLine("## 5. What next?").AppendLine();
        md.AppendLine($"An interval ending in ∞ reaches beyond {Fmt.Unbounded} times the measured compute: the data do not bound it.").AppendLine();
        md.AppendLine("| branch | headroom left | 90% at (EF) | 95% at (EF) | 99% at (EF) | more RL for 90% (EF) |");
        md.AppendLine("|---|---:|---|---|---|---|");
        foreach (var b in study.Branches.Where(b => b.Reach.Count == 3))
        {
            var r = b.Reach;
            md.AppendLine($"| {b.Name} | {Fmt.Score(b.Ceiling.APost - b.Curve.Scores.DefaultIfEmpty(double.NaN).Max())} | {Fmt.Reach(r[0], b.Ceiling.MaxCompute)} | {Fmt.Reach(r[1], b.Ceiling.MaxCompute)} | {Fmt.Reach(r[2], b.Ceiling.MaxCompute)} | {Fmt.Ef(r[0].Remaining)} ({Fmt.EfRange(r[0].RemainingInterval, b.Ceiling.MaxCompute)}) |");
        }

        if (study.Notes.Count > 0)
        {
            md.AppendLine().AppendLine("## Notes").AppendLine();
            foreach (var note in study.Notes)
            {
                md.AppendLine($"- {note}");
            }
        }

        return md.ToString();
    }

    private static string From(BranchResult b) => b.Paradigm switch
    {
        Paradigm.SftThenRl => $"{b.From}@{Fmt.Number(b.SftStep ?? double.NaN)}",
        Paradigm.PureRl => "base (Pure-RL)",
        _ => $"base ({b.Algorithm})",
    };
}
