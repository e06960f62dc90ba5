using Headroom.Core.Decomposition;
using Headroom.Core.Fitting;
using Headroom.Core.Regimes;

namespace Headroom.Core.Tests.Decomposition;

public sealed class PlasticityDecompositionTests
{
    [Fact]
    public void Averages_leave_out_pure_rl_and_severe_branches_and_the_best_branch_is_the_highest_sft_ceiling()
    {
        // Given Pure-RL (72), three SFT branches (80, 84, 82) and a Severe one (85: still the best ceiling)
        var branches = new[] { Ceiling("0", 46, 72), Ceiling("360", 69, 80), Ceiling("3600", 76, 84), Ceiling("7200", 77, 82), Ceiling("14080", 78, 85) };
        BranchRole Role(string g) => new(g, g == "0", g == "14080" ? SftRegime.SevereOverfitting : SftRegime.Stable);

        // When
        var summary = PlasticityDecomposition.Summarize(branches, Role);

        // Then the means are over 360, 3600, 7200: P_sft (69+76+77)/3, A_post (80+84+82)/3, PL the difference
        Assert.Equal(["360", "3600", "7200"], summary.Used);
        Assert.Equal(74, summary.MeanPSft, 12);
        Assert.Equal(82, summary.MeanAPost, 12);
        Assert.Equal(8, summary.MeanPLrl, 12);
        Assert.Equal("14080", summary.Best!.Group);
        Assert.Equal("0", summary.PureRl!.Group);
        Assert.Contains(("14080", "Severe overfitting"), summary.Excluded);
        Assert.Contains(("0", "Pure-RL"), summary.Excluded);
    }

    [Fact]
    public void A_higher_but_unidentified_ceiling_does_not_win_best_branch()
    {
        // Given an extrapolated 88 next to an identified 84
        var extrapolated = Ceiling("2400", 76, 88) with { Warnings = [new CeilingWarning("ceiling_not_identified", "still rising")] };
        var branches = new[] { Ceiling("1800", 77, 84), extrapolated };

        // When
        var summary = PlasticityDecomposition.Summarize(branches, g => new BranchRole(g, false));

        // Then
        Assert.Equal("1800", summary.Best!.Group);
    }

    private static BranchCeiling Ceiling(string group, double pSft, double aPost) => new()
    {
        Group = group,
        PSft = pSft,
        APost = aPost,
        PLrl = aPost - pSft,
        Eps = 0,
        CMid = 10,
        B = 1,
        Method = CeilingMethod.Sigmoid,
        Fit = null,
        Intervals = BootstrapResult.None,
        X = [],
        Y = [],
        Warnings = [],
    };
}
