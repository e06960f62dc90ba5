using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>
/// `headroom plan`: for a total budget B (EF), the SFT checkpoint and RL compute that maximise the expected score.
/// Each measured branch is an option: its SFT compute is charged (unless already paid), the rest goes to RL, and
/// the expected score is the mean over the bootstrap replicates of P_sft + shift + gain(B − x_sft), so the answer
/// carries the fit's uncertainty and can never exceed a replicate's own ceiling. Branches fitted by their peak
/// count their best score measured within the RL compute. Options are ranked by expected score.
/// </summary>
public static class BudgetPlanner
{
    /// <summary>Every feasible option, best first; empty when the budget does not cover any branch's SFT compute.</summary>
    public static IReadOnlyList<BudgetOption> Plan(StudyResult study, double budgetExaFlops, bool sftAlreadyPaid)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (!(budgetExaFlops > 0) || double.IsInfinity(budgetExaFlops))
        {
            throw Headroom.Core.InvalidSettingException.OutOfRange("--budget", budgetExaFlops, "a positive, finite amount of compute");
        }

        var options = new List<BudgetOption>();
        foreach (var branch in study.Branches.Where(b => double.IsFinite(b.Ceiling.APost)))
        {
            var sft = sftAlreadyPaid ? 0 : branch.SftExaFlops;
            if (!double.IsFinite(sft) || sft >= budgetExaFlops)
            {
                continue;
            }

            var rl = budgetExaFlops - sft;
            options.Add(Option(branch, sft, rl));
        }

        return [.. options.OrderByDescending(o => o.ExpectedScore)];
    }

    private static BudgetOption Option(BranchResult branch, double sft, double rl)
    {
        var c = branch.Ceiling;
        var extrapolated = rl > 2 * c.MaxCompute;
        if (c.Method == CeilingMethod.Peak || c.Fit is null)
        {
            var reached = Enumerable.Range(0, branch.Curve.Compute.Count).Where(i => branch.Curve.Compute[i] <= rl).Select(i => branch.Curve.Scores[i]).Append(c.PSft).Max();
            return new BudgetOption(branch, sft, rl, reached, Interval.None, c.PLrl > 0 ? (reached - c.PSft) / c.PLrl : double.NaN, extrapolated);
        }

        var fitted = c.PSft + SigmoidLaw.Gain(rl, c.Fit.Parameters);
        var replicates = c.Intervals.Replicates.Select(r => c.PSft + r.PSftShift + SigmoidLaw.Gain(rl, r.Parameters)).ToArray();
        var expected = replicates.Length > 0 ? replicates.Average() : fitted;
        var realised = c.PLrl != 0 ? (fitted - c.PSft) / c.PLrl : double.NaN;
        return new BudgetOption(branch, sft, rl, expected, Interval.Percentiles(replicates, c.Intervals.Level), realised, extrapolated);
    }
}
