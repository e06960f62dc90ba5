using CsvHelper;
using Headroom.Cli.Output;
using Headroom.Core.Fitting;
using Headroom.Core.Regimes;
using Headroom.Study;
using Spectre.Console;

namespace Headroom.Cli.Fit;

/// <summary>Human and CSV renderings of a <see cref="FitOutcome"/>.</summary>
internal static class FitTables
{
    public static void WriteTable(TextWriter output, FitOutcome outcome, double level)
    {
        var console = ConsoleFactory.For(output);
        var percent = double.IsFinite(level) ? $"{TextFormat.Number(level * 100)}% CI" : "CI";
        var table = new Table().AddColumns("branch", "P_sft", "A_post", percent, "PL_rl", "C_mid", "B", "R² train", "R² val", "outliers", "method", "flags");
        foreach (var branch in outcome.Branches)
        {
            var c = branch.Ceiling;
            var flags = string.Join(", ", c.Warnings.Select(w => w.Code));
            table.AddRow(
                Markup.Escape(c.Group + (branch.Role.IsPureRl ? " (Pure-RL)" : string.Empty)),
                TextFormat.Fixed(c.PSft),
                TextFormat.Fixed(c.APost),
                Markup.Escape(APostInterval(c)),
                TextFormat.Fixed(c.PLrl),
                TextFormat.Significant(c.CMid),
                TextFormat.Fixed(c.B),
                TextFormat.Fixed(c.Fit?.R2Train ?? double.NaN),
                TextFormat.Fixed(c.Fit?.R2Validation ?? double.NaN),
                (c.Fit?.Outliers.Count ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.Method == CeilingMethod.Peak ? "peak (!)" : "sigmoid",
                Markup.Escape(flags));
        }

        console.Write(table);
        if (outcome.Summary is { } s)
        {
            console.WriteLine(
                $"Averages over {s.Used.Count} SFT branch(es) (Pure-RL and Severe excluded): P_sft {TextFormat.Fixed(s.MeanPSft)}, PL_rl {TextFormat.Fixed(s.MeanPLrl)}, A_post {TextFormat.Fixed(s.MeanAPost)}.");
            if (s.Best is { } best)
            {
                console.WriteLine($"Best ceiling: branch {best.Group}, A_post {TextFormat.Fixed(best.APost)} {Markup.Escape(APostInterval(best))}.");
            }

            if (s.PureRl is { } pure)
            {
                console.WriteLine($"Pure-RL: A_post {TextFormat.Fixed(pure.APost)} {Markup.Escape(APostInterval(pure))}.");
            }
        }

        if (outcome.Regimes?.RecommendedSwitch is { } sw)
        {
            console.WriteLine($"SFT regimes: first Stable checkpoint (recommended switch to RL) at step {TextFormat.Number(sw.Step)}.");
        }

        foreach (var branch in outcome.Branches.Where(b => b.SettingsSource != "default"))
        {
            console.WriteLine($"branch {branch.Ceiling.Group}: {branch.Settings} ({branch.SettingsSource}).");
        }

        foreach (var branch in outcome.Branches)
        {
            foreach (var warning in branch.Ceiling.Warnings)
            {
                console.WriteLine($"branch {branch.Ceiling.Group}: {warning.Message}");
            }
        }
    }

    /// <summary>"[low, high]", "≥ low" for a lower bound, or "n/a".</summary>
    private static string APostInterval(BranchCeiling ceiling)
        => ceiling.Intervals.APostKind == IntervalKind.LowerBound && ceiling.Intervals.APost.IsKnown
            ? $"≥ {TextFormat.Fixed(ceiling.Intervals.APost.Low)}"
            : ceiling.Intervals.APost.ToString();

    public static void WriteCsv(TextWriter output, FitOutcome outcome)
    {
        using var csv = CsvWriter.Create(output, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        csv.WriteRecord(
            "group", "p_sft", "a_post", "a_post_ci_low", "a_post_ci_high", "a_post_ci_kind", "pl_rl", "pl_rl_ci_low", "pl_rl_ci_high", "eps", "c_mid",
            "c_mid_ci_low", "c_mid_ci_high", "b", "b_ci_low", "b_ci_high", "r2_train", "r2_val", "rmse_val", "aic", "bic",
            "method", "outliers", "pure_rl", "regime", "warnings");
        foreach (var branch in outcome.Branches)
        {
            var c = branch.Ceiling;
            var i = c.Intervals;
            csv.WriteRecord(
                c.Group,
                TextFormat.Exact(c.PSft),
                TextFormat.Exact(c.APost),
                TextFormat.Exact(i.APost.Low),
                TextFormat.Exact(i.APost.High),
                i.APost.IsKnown ? FitReport.KindName(i.APostKind) : string.Empty,
                TextFormat.Exact(c.PLrl),
                TextFormat.Exact(i.PL.Low),
                TextFormat.Exact(i.PL.High),
                TextFormat.Exact(c.Eps),
                TextFormat.Exact(c.CMid),
                TextFormat.Exact(i.CMid.Low),
                TextFormat.Exact(i.CMid.High),
                TextFormat.Exact(c.B),
                TextFormat.Exact(i.B.Low),
                TextFormat.Exact(i.B.High),
                TextFormat.Exact(c.Fit?.R2Train ?? double.NaN),
                TextFormat.Exact(c.Fit?.R2Validation ?? double.NaN),
                TextFormat.Exact(c.Fit?.RmseValidation ?? double.NaN),
                TextFormat.Exact(c.Fit?.Aic ?? double.NaN),
                TextFormat.Exact(c.Fit?.Bic ?? double.NaN),
                c.Method.ToString().ToLowerInvariant(),
                string.Join(';', (c.Fit?.Outliers ?? []).Select(o => TextFormat.Exact(c.X[o]))),
                branch.Role.IsPureRl ? "true" : "false",
                branch.Role.Regime is { } r ? r.JsonName() : string.Empty,
                string.Join(';', c.Warnings.Select(w => w.Code)));
        }
    }
}
