using System.Text;
using Headroom.Study;

namespace Headroom.Report;

/// <summary>Section 5: what next — the RL compute still needed for 90, 95 and 99% of each branch's headroom.</summary>
internal static partial class HtmlPage
{
    private static void Next(StringBuilder html, StudyResult study)
    {
        html.Append("<section id=\"next\">\n<h2>5. What next?</h2>\n");
        html.Append("<p class=\"lead\">RL compute (since the branch point) at which each branch's fitted law reaches 90, 95 and 99% of its headroom PL_rl, with bootstrap intervals, and how much more than already measured 95% needs. An interval ending in ∞ reaches beyond ").Append(Fmt.Unbounded).Append(" times the measured compute: the data do not bound it. To choose a checkpoint and an RL budget together, run <code>headroom plan study.yaml --budget EF</code>.</p>\n");
        var reached = study.Branches.Where(b => b.Reach.Count == 3).OrderByDescending(b => b.Ceiling.APost).ToList();
        if (reached.Count == 0)
        {
            html.Append("<p class=\"absent\">No branch has a fitted law to invert.</p>\n</section>\n");
            return;
        }

        Html.Table(
            html,
            "reach",
            ["branch", "A_post", "measured to (EF)", "90% at (EF)", "95% at (EF)", "99% at (EF)", "more RL for 95% (EF)"],
            reached.Select(b => (IReadOnlyList<string>)
            [
                b.Name,
                Fmt.Score(b.Ceiling.APost),
                Fmt.Ef(b.Ceiling.MaxCompute),
                Fmt.Reach(b.Reach[0], b.Ceiling.MaxCompute),
                Fmt.Reach(b.Reach[1], b.Ceiling.MaxCompute),
                Fmt.Reach(b.Reach[2], b.Ceiling.MaxCompute),
                b.Reach[1].Remaining <= 0 ? "reached" : $"{Fmt.Ef(b.Reach[1].Remaining)} ({Fmt.EfRange(b.Reach[1].RemainingInterval, b.Ceiling.MaxCompute)})",
            ]),
            new HashSet<int> { 1, 2 },
            i => reached[i] == study.BestBranch ? "best" : null);
        html.Append("</section>\n");
    }
}
