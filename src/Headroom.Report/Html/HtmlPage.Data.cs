using System.Text;
using Headroom.Core.Fitting;
using Headroom.Study;

namespace Headroom.Report;

/// <summary>Section 3: which expert data to train on.</summary>
internal static partial class HtmlPage
{
    private static void Data(StringBuilder html, StudyResult study, Palette palette)
    {
        html.Append("<section id=\"data\">\n<h2>3. Which data?</h2>\n");
        html.Append("<p class=\"lead\">Across SFT datasets, the minimum validation loss predicts the best ceiling reachable after RL (the paper: r = −0.92 over five datasets). A dataset not yet taken through RL is ranked by its predicted ceiling.</p>\n");
        if (study.Selection is { } selection)
        {
            html.Append("<div class=\"pair\">\n");
            Html.Figure(html, "selection", SelectionChart.Of(selection, study.Datasets, palette), 560, 440,
                $"Pearson r {Fmt.Fixed(selection.Correlation.Pearson, 3)} (p = {Fmt.Fixed(selection.Correlation.PearsonPValue, 3)}), Spearman ρ {Fmt.Fixed(selection.Correlation.Spearman, 3)} over {selection.Correlation.Count} datasets; ceiling ≈ {Fmt.Fixed(selection.Predictor.Intercept, 1)} {(selection.Predictor.Slope < 0 ? "−" : "+")} {Fmt.Fixed(Math.Abs(selection.Predictor.Slope), 1)} × loss{(selection.Correlation.PearsonPValue > 0.05 ? $"; with p = {Fmt.Fixed(selection.Correlation.PearsonPValue, 2)} the correlation is only a hint" : string.Empty)}.");
            html.Append("<div>\n<h3>Candidates ranked</h3>\n");
            if (selection.Ranking.Count == 0)
            {
                html.Append("<p class=\"absent\">No candidate dataset (add SFT runs or reported datasets without a ceiling to rank them).</p>\n");
            }
            else
            {
                Html.Table(
                    html,
                    "ranking",
                    ["rank", "dataset", "min val loss", "predicted A_post", "interval", "note"],
                    selection.Ranking.Select((r, i) => (IReadOnlyList<string>)[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), r.Name, Fmt.Loss(r.MinValidationLoss), Fmt.Score(r.Predicted), Fmt.Range(new Interval(r.Low, r.High), Fmt.Score), r.Extrapolated ? "extrapolated" : string.Empty]),
                    new HashSet<int> { 0, 2, 3 });
            }

            html.Append("</div>\n</div>\n");
        }
        else
        {
            html.Append("<p class=\"absent\">Fewer than three datasets have both a minimum validation loss and a ceiling, so no correlation is drawn; add SFT runs on other datasets (or report earlier ones with min_val_loss and best_a_post).</p>\n");
        }

        Html.Table(
            html,
            "datasets",
            ["dataset", "size", "difficulty", "min val loss", "best A_post", "from"],
            study.Datasets.Select(d => (IReadOnlyList<string>)[d.Name, d.Size is { } s ? Fmt.Number(s) : Fmt.Unknown, d.Difficulty ?? Fmt.Unknown, Fmt.Loss(d.MinValidationLoss), Fmt.Score(d.BestAPost), d.BestBranch ?? (double.IsFinite(d.BestAPost) ? "reported" : "candidate")]),
            new HashSet<int> { 1, 3, 4 });
        html.Append("</section>\n");
    }
}
