using System.Text;
using Headroom.Study;

namespace Headroom.Report;

/// <summary>Section 4: which paradigm.</summary>
internal static partial class HtmlPage
{
    private static void Paradigms(StringBuilder html, StudyResult study, Palette palette)
    {
        html.Append("<section id=\"paradigm\">\n<h2>4. Which paradigm?</h2>\n");
        html.Append("<p class=\"lead\">Every paradigm on one compute axis: SFT alone, SFT then RL, RL from the base model and synchronized SFT+RL methods. Dashed lines are each paradigm's ceiling. Stability is the spread of the score around its running median; a collapse is a score that falls for good after its peak.</p>\n");
        Html.Figure(html, "paradigms", ParadigmChart.Of(study, palette), 960, 440, "Score against total compute (SFT before the branch point plus RL). Faint lines are the other SFT-then-RL branches.", "chart wide");
        Html.Table(
            html,
            "paradigms",
            ["paradigm", "best run", "ceiling", "interval", "peak observed", "runs", "detrended spread", "collapses"],
            study.Paradigms.Select(p => (IReadOnlyList<string>)
            [
                p.Label,
                p.BestRun,
                Fmt.Score(p.Ceiling) + (p.IsPeak ? " (peak)" : p.Identified ? string.Empty : " (not identified)"),
                Fmt.Range(p.CeilingInterval, Fmt.Score),
                Fmt.Score(p.PeakObserved),
                p.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Fmt.Fixed(p.DetrendedSpread, 2),
                p.Collapses.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ]),
            new HashSet<int> { 2, 4, 5, 6, 7 },
            i => study.Paradigms[i] == BestParadigm(study) ? "best" : null);
        html.Append("</section>\n");
    }
}
