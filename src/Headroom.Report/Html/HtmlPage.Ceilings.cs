using System.Text;
using Headroom.Study;

namespace Headroom.Report;

/// <summary>Section 1: where is the ceiling of each branch.</summary>
internal static partial class HtmlPage
{
    private static void Ceilings(StringBuilder html, StudyResult study, Palette palette)
    {
        html.Append("<section id=\"ceiling\">\n<h2>1. Where is the ceiling?</h2>\n");
        var validated = study.Branches.Any(b => b.Ceiling.Fit is { } f && f.TrainEnd < b.Ceiling.X.Count);
        html.Append("<p class=\"lead\">Each RL run's score against its RL compute, with the fitted law and its bootstrap band. Filled points trained the fit, ")
            .Append(validated ? "hollow points after the dotted split validated it, " : string.Empty)
            .Append("crossed points were rejected as outliers. The dashed line is the ceiling A_post, the dotted one P_sft.</p>\n");
        var level = study.Branches.Select(b => b.Ceiling.Intervals.Level).FirstOrDefault(double.IsFinite, 0.95);
        Html.Table(
            html,
            "branches",
            ["branch", "starts from", "P_sft", "A_post", $"{Fmt.Percent(level)} interval", "PL_rl", "C_mid (EF)", "B", validated ? "R² train / val" : "R² of the fit", "regime"],
            study.Branches.Select(b => (IReadOnlyList<string>)
            [
                b.Name,
                StartsFrom(b),
                Fmt.Score(b.Ceiling.PSft),
                Fmt.Score(b.Ceiling.APost) + (b.Ceiling.Method == Headroom.Core.Fitting.CeilingMethod.Peak ? " (peak)" : string.Empty),
                Fmt.Range(b.Ceiling.Intervals.APost, Fmt.Score),
                Fmt.Score(b.Ceiling.PLrl),
                Fmt.Ef(b.Ceiling.CMid),
                Fmt.Fixed(b.Ceiling.B, 2),
                Fmt.Fixed(b.Ceiling.Fit?.R2Train ?? double.NaN, 2) + (validated ? $" / {Fmt.Fixed(b.Ceiling.Fit?.R2Validation ?? double.NaN, 2)}" : string.Empty),
                Fmt.Regime(b.Regime).Replace(" overfitting", string.Empty, StringComparison.Ordinal),
            ]),
            new HashSet<int> { 2, 3, 5, 6, 7, 8 },
            i => study.Branches[i] == study.BestBranch ? "best" : study.Branches[i].Ceiling.Warnings.Count > 0 ? "warned" : null);
        html.Append($"<p class=\"legend\"><span class=\"key law\"></span>fitted law <span class=\"key band\"></span>bootstrap band <span class=\"key dot\"></span>training point {(validated ? Ring : string.Empty)}<span class=\"key cross\">×</span>rejected outlier <span class=\"key dash\"></span>A_post <span class=\"key dots\"></span>P_sft</p>\n");
        html.Append("<div class=\"grid\">\n");
        foreach (var branch in study.Branches)
        {
            var c = branch.Ceiling;
            var caption = $"{branch.Name}: A_post {Fmt.Score(c.APost)} ({Fmt.Range(c.Intervals.APost, Fmt.Score)}), PL_rl {Fmt.Score(c.PLrl)}, C_mid {Fmt.Ef(c.CMid)} EF, B {Fmt.Fixed(c.B, 2)}; {c.Evaluations} evaluations, {c.Fit?.Outliers.Count ?? 0} rejected.";
            html.Append("<div class=\"cell\">\n");
            Html.Figure(html, $"ceiling-{branch.Name}", CeilingChart.Of(branch, palette), 460, 320, caption);
            if (c.Warnings.Count > 0)
            {
                html.Append("<ul class=\"warnings\">");
                foreach (var warning in c.Warnings)
                {
                    html.Append("<li><strong>").Append(Html.Text(warning.Code.Replace('_', ' '))).Append(":</strong> ").Append(Html.Text(warning.Message)).Append("</li>");
                }

                html.Append("</ul>\n");
            }

            html.Append("</div>\n");
        }

        html.Append("</div>\n</section>\n");
    }

    private const string Ring = "<span class=\"key ring\"></span>validation point ";

    private static string StartsFrom(BranchResult b) => b.Paradigm switch
    {
        Paradigm.SftThenRl => $"{b.From} step {Fmt.Number(b.SftStep ?? double.NaN)}",
        Paradigm.PureRl => "base model (Pure-RL)",
        _ => $"base model ({b.Algorithm})",
    };
}
