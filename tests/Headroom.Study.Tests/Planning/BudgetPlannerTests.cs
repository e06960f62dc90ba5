using Headroom.Core.Fitting;
using Headroom.Study.Tests.Data;

namespace Headroom.Study.Tests.Planning;

public sealed class BudgetPlannerTests
{
    [Fact]
    public void Gpu_hours_become_exaflops_at_the_stated_utilisation()
    {
        // Given 1000 H100-hours at 50% MFU: 1000 x 3600 s x 989e12 FLOP/s x 0.5 = 1780.2 EF
        // When / Then
        Precision.AssertClose(1780.2, ComputeBudget.FromGpuHours(1000, "H100", 0.5), digits: 10);
        Assert.Throws<Headroom.Core.InvalidSettingException>(() => ComputeBudget.FromGpuHours(1000, "tpu-v9", 0.5));
    }

    [Fact]
    public void A_budget_charges_each_branch_its_sft_compute_and_spends_the_rest_on_rl()
    {
        // Given the demo study and a budget of 300 EF
        var study = DemoStudy.Result;

        // When
        var plan = BudgetPlanner.Plan(study, 300, sftAlreadyPaid: false);

        // Then branches whose SFT alone costs more are not options, the others get the rest, best first
        Assert.DoesNotContain(plan, o => o.Branch.SftExaFlops >= 300);
        Assert.All(plan, o => Precision.AssertClose(300, o.SftExaFlops + o.RlExaFlops, digits: 12));
        Assert.Equal(plan.Select(o => o.ExpectedScore).OrderDescending(), plan.Select(o => o.ExpectedScore));
        // and the expected score is the replicates' mean of the law at that compute (checked by hand for the best)
        var best = plan[0];
        var c = best.Branch.Ceiling;
        var byHand = c.Intervals.Replicates.Average(r => c.PSft + r.PSftShift + SigmoidLaw.Gain(best.RlExaFlops, r.Parameters));
        Precision.AssertClose(byHand, best.ExpectedScore, digits: 12);
    }

    [Fact]
    public void A_budget_barely_above_a_checkpoint_leaves_its_score_near_p_sft()
    {
        // Given the branch from hard102k's checkpoint 1200 and a budget 0.1 EF above its SFT compute
        var branch = DemoStudy.Result.Branches.Single(b => b.Name == "hard102k-step1200");

        // When
        var option = BudgetPlanner.Plan(DemoStudy.Result, branch.SftExaFlops + 0.1, sftAlreadyPaid: false).Single(o => o.Branch == branch);

        // Then almost nothing of the headroom is realised
        Assert.InRange(option.ExpectedScore, branch.Ceiling.PSft - 1, branch.Ceiling.PSft + 1);
        Assert.True(option.HeadroomRealised < 0.05);
    }
}
