using System.Text;
using Headroom.Study;

namespace Headroom.Report;

/// <summary>Section 2: when to switch from SFT to RL.</summary>
internal static partial class HtmlPage
{
    private static void Switch(StringBuilder html, StudyResult study, Palette palette)
    {
        html.Append("<section id=\"switch\">\n<h2>2. When to switch?</h2>\n");
        html.Append("<p class=\"lead\">Switch to RL once the SFT validation loss has saturated (the first Stable checkpoint): before it the model is still adapting; after severe overfitting RL plasticity collapses. Dashed lines mark the checkpoints RL branched from.</p>\n");
        var runs = study.SftRuns.Where(r => r.Regimes is { Checkpoints.Count: > 0 }).ToList();
        if (runs.Count == 0)
        {
            html.Append("<p class=\"absent\">No SFT run of this study logs a validation loss, so no regimes can be drawn.</p>\n");
        }

        foreach (var run in runs)
        {
            var sw = run.RecommendedSwitch;
            html.Append("<div class=\"pair\">\n");
            Html.Figure(html, $"regimes-{run.Name}", RegimeChart.Of(run, study.Branches, palette), 560, 420,
                $"{run.Name}: L_min {Fmt.Loss(run.MinValidationLoss)}; recommended switch at step {(sw is null ? Fmt.Unknown : Fmt.Number(sw.Step))}.");
            if (study.Decomposition.ContainsKey(run.Name))
            {
                Decomposition(html, study, run.Name, palette);
            }

            html.Append("</div>\n");
            html.Append("<details><summary>Checkpoints of ").Append(Html.Text(run.Name)).Append("</summary>\n");
            var labels = run.Regimes!.Checkpoints.ToDictionary(c => c.Step, c => c);
            Html.Table(
                html,
                "checkpoints",
                ["step", "SFT compute (EF)", "validation loss", "vs L_min", "score", "regime"],
                run.Checkpoints.Select(c => (IReadOnlyList<string>)
                [
                    Fmt.Number(c.Step),
                    Fmt.Ef(c.ExaFlops),
                    Fmt.Fixed(c.ValidationLoss, 4),
                    labels.TryGetValue(c.Step, out var l) ? $"{l.RelativeExcess * 100:+0.0;-0.0;0.0}%" : Fmt.Unknown,
                    Fmt.Score(c.Score),
                    labels.TryGetValue(c.Step, out var r) ? Fmt.Regime(r.Regime) + (ReferenceEquals(r, sw) ? " ← switch" : string.Empty) : Fmt.Unknown,
                ]),
                new HashSet<int> { 0, 1, 2, 3, 4 });
            html.Append("</details>\n");
        }

        foreach (var name in study.Decomposition.Keys.Where(k => runs.All(r => r.Name != k)))
        {
            Decomposition(html, study, name, palette);
        }

        html.Append("</section>\n");
    }

    private static void Decomposition(StringBuilder html, StudyResult study, string run, Palette palette)
    {
        var d = study.Decomposition[run];
        var branches = study.Branches.Where(b => b.From == run || (b.Paradigm == Paradigm.PureRl && b.From is null)).ToList();
        Html.Figure(html, $"decomposition-{run}", DecompositionChart.Of(run, branches, palette), Math.Max(560, 48 * branches.Count), 420,
            $"Averaged over {d.Used.Count} branch(es) (Pure-RL and Severe excluded): P_sft {Fmt.Score(d.MeanPSft)} + PL_rl {Fmt.Score(d.MeanPLrl)} = A_post {Fmt.Score(d.MeanAPost)}. A later checkpoint raises P_sft and leaves less RL headroom.");
    }
}
