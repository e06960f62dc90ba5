using Headroom.Core.Fitting;
using Headroom.Core.Regimes;

namespace Headroom.Core.Decomposition;

/// <summary>
/// Summarises the branches of one SFT dataset (framework.md §1, §5): the averages of P_sft, PL_rl and A_post
/// exclude the Pure-RL branch and branches from Severely overfitted checkpoints, as the paper does; the best
/// branch is the SFT branch with the highest A_post (Severe ones included), among those whose ceiling is
/// identified when there are any: an extrapolated asymptote should not win on its extrapolation.
/// </summary>
public static class PlasticityDecomposition
{
    /// <summary>
    /// Summarises <paramref name="branches"/>; <paramref name="roleOf"/> tells what each group is. Averages are
    /// NaN when no branch qualifies; branches with a NaN ceiling are excluded with a reason.
    /// </summary>
    public static DecompositionSummary Summarize(IReadOnlyList<BranchCeiling> branches, Func<string, BranchRole> roleOf)
    {
        ArgumentNullException.ThrowIfNull(branches);
        ArgumentNullException.ThrowIfNull(roleOf);
        var used = new List<BranchCeiling>();
        var excluded = new List<(string, string)>();
        BranchCeiling? pureRl = null;
        foreach (var branch in branches)
        {
            var role = roleOf(branch.Group);
            if (role.IsPureRl)
            {
                pureRl = branch;
                excluded.Add((branch.Group, "Pure-RL"));
            }
            else if (role.Regime == SftRegime.SevereOverfitting)
            {
                excluded.Add((branch.Group, "Severe overfitting"));
            }
            else if (!double.IsFinite(branch.APost))
            {
                excluded.Add((branch.Group, "no ceiling"));
            }
            else
            {
                used.Add(branch);
            }
        }

        var candidates = branches.Where(b => !roleOf(b.Group).IsPureRl && double.IsFinite(b.APost)).ToList();
        var identified = candidates.Where(b => b.Warnings.All(w => w.Code != "ceiling_not_identified")).ToList();
        var best = (identified.Count > 0 ? identified : candidates).MaxBy(b => b.APost);
        return new DecompositionSummary
        {
            MeanPSft = used.Count > 0 ? used.Average(b => b.PSft) : double.NaN,
            MeanPLrl = used.Count > 0 ? used.Average(b => b.PLrl) : double.NaN,
            MeanAPost = used.Count > 0 ? used.Average(b => b.APost) : double.NaN,
            Used = used.Select(b => b.Group).ToList(),
            Excluded = excluded,
            Best = best,
            PureRl = pureRl,
        };
    }
}
