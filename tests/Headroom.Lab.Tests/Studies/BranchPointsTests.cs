using Headroom.Core.Regimes;
using Headroom.Lab.Studies;

namespace Headroom.Lab.Tests.Studies;

public sealed class BranchPointsTests
{
    [Fact]
    public void An_SFT_run_through_all_four_regimes_branches_once_from_each()
    {
        // Given L_min = 0.49 at step 40: Stable ≤ 0.4998, Severe ≥ 0.539 after the last Stable checkpoint.
        // By hand: steps 10, 20, 30 Adaptive; 40 Stable; 50, 60, 70 Mild (0.50, 0.51, 0.53); 80, 90, 100 Severe
        double[] steps = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        double[] losses = [1.0, 0.6, 0.5, 0.49, 0.5, 0.51, 0.53, 0.56, 0.6, 0.7];

        // When
        var points = BranchPoints.Choose(steps, losses);

        // Then the middle Adaptive, the first Stable (the recommended switch), the middle Mild and the last (most overfit) checkpoint
        Assert.Equal([(20, SftRegime.Adaptive), (40, SftRegime.Stable), (60, SftRegime.MildOverfitting), (100, SftRegime.SevereOverfitting)], points);
        Assert.Equal(["Adaptive", "Stable", "Mild", "Severe"], points.Select(p => BranchPoints.Name(p.Regime)));
    }

    [Fact]
    public void A_run_that_never_overfits_branches_from_its_Adaptive_and_Stable_checkpoints_only()
    {
        // Given a falling loss: 0.395 and 0.39 lie within 2% of L_min = 0.39 (band 0.3978), 0.40 and above do not
        double[] steps = [5, 10, 15, 20, 25];
        double[] losses = [0.9, 0.6, 0.40, 0.395, 0.39];

        // When
        var points = BranchPoints.Choose(steps, losses);

        // Then the middle of Adaptive {5, 10, 15} is 10; the first Stable is 20
        Assert.Equal([(10, SftRegime.Adaptive), (20, SftRegime.Stable)], points);
    }

    [Fact]
    public void Losses_that_cannot_be_labelled_give_no_branch()
    {
        // Given / When / Then: no checkpoint, or only NaN losses
        Assert.Empty(BranchPoints.Choose([], []));
        Assert.Empty(BranchPoints.Choose([10, 20], [double.NaN, double.NaN]));
    }
}
