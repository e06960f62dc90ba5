using System.Text.Json;
using Headroom.Core.Regimes;

using Headroom.Study.Tests.Data;

namespace Headroom.Study.Tests.Loading;

/// <summary>The simulated study in examples/demo (HF checkpoints, verl JSONL) against its ground truth.</summary>
public sealed class DemoStudyTests
{
    [Fact]
    public void Loading_the_demo_reads_every_run_in_its_real_format_and_recovers_the_true_ceilings()
    {
        // Given the simulated truth
        var truth = JsonDocument.Parse(File.ReadAllText(SharedData.InRepository("examples", "demo", "truth.json"))).RootElement
            .EnumerateArray().ToDictionary(e => e.GetProperty("run").GetString()!, e => e.GetProperty("a_post").GetDouble());

        // When
        var study = DemoStudy.Result;

        // Then every simulated branch was read and joined, and the 95% intervals cover the truth as often as they should
        var covered = truth.Count(t => study.Branches.Single(b => b.Name == t.Key).Ceiling.Intervals.APost.Contains(t.Value));
        Assert.Equal(19, truth.Count);
        Assert.True(covered >= 16, $"only {covered} of {truth.Count} intervals cover the true A_post");
        Assert.Equal(3, study.SftRuns.Count(r => r.Checkpoints.Count > 0));
        Assert.Equal(21, study.Branches.Count);
    }

    [Fact]
    public void The_demo_answers_the_four_questions_as_its_simulation_was_built()
    {
        // When
        var study = DemoStudy.Result;

        // Then: the hardest, lowest-loss dataset holds the best ceiling (SFT-then-RL, above Pure-RL's 72)
        Assert.StartsWith("hard102k-", study.BestBranch!.Name, StringComparison.Ordinal);
        Assert.Equal("SFT-then-RL", study.Paradigms[0].Label);
        // the switch comes when the loss saturates, before the simulated overfitting (from 55% of 3600 steps)
        var hard = study.SftRuns.Single(r => r.Name == "hard102k");
        Assert.InRange(hard.RecommendedSwitch!.Step, 1200, 1980);
        Assert.Equal(SftRegime.SevereOverfitting, hard.Regimes!.Checkpoints[^1].Regime);
        // lower loss, higher ceiling, and the candidate is ranked
        Assert.True(study.Selection!.Correlation.Pearson < -0.5);
        Assert.Equal("openr1-math", Assert.Single(study.Selection.Ranking).Name);
        // the collapsing SRFT run is flagged and falls back to its peak
        var srft = study.Branches.Single(b => b.Name == "srft-base");
        Assert.True(srft.Stability.Collapsed);
        Assert.Equal(Headroom.Core.Fitting.CeilingMethod.Peak, srft.Ceiling.Method);
    }

    [Fact]
    public void Rl_compute_counted_from_logged_tokens_and_lengths_matches_the_simulated_compute()
    {
        // Given the simulated compute of the Pure-RL run: 24 evaluations evenly spaced up to 5 C_mid (truth)
        var truth = JsonDocument.Parse(File.ReadAllText(SharedData.InRepository("examples", "demo", "truth.json"))).RootElement
            .EnumerateArray().Single(e => e.GetProperty("run").GetString() == "dapo-base");
        var lastCompute = 5 * truth.GetProperty("c_mid").GetDouble();

        // When
        var branch = DemoStudy.Result.Branches.Single(b => b.Name == "dapo-base");

        // Then tokens x 4 passes x F_fwd(S) summed over 240 steps lands on it (tokens are logged as integers)
        Assert.Equal(24, branch.Curve.Compute.Count);
        Precision.AssertClose(lastCompute, branch.Curve.Compute[^1], digits: 6);
        Precision.AssertClose(lastCompute / 24, branch.Curve.Compute[0], digits: 6);
    }
}
