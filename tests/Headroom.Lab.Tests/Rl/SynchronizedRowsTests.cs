using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Headroom.Lab.Rl;
using Headroom.Lab.World;

namespace Headroom.Lab.Tests.Rl;

public sealed class SynchronizedRowsTests
{
    // "05+8*3?" = (5 + 8) · 3 = 39; the expert writes both steps operand first (its notation coins): "8+05=13;3*13=39;#39$" (20 tokens).
    private static readonly Problem _problem = new(5, [new Operation('+', 8), new Operation('*', 3)]);

    [Fact]
    public void LUFFY_adds_the_expert_trajectory_to_each_group_and_centres_rewards_on_the_mixed_mean_without_std()
    {
        // Given one correct rollout of four and the expert (reward 1): mean 2/5 = 0.4
        var groups = new[] { Group(1, 0, 0, 0) };

        // When
        var rows = new LuffyObjective().Rows(groups, new RlConfig { Group = 4 }.For(RlAlgorithm.Luffy)).Rows;

        // Then A = R − 0.4: 0.6, −0.4 ×3 for the rollouts and 0.6 for the expert, whose whole response is the expert's
        Assert.Equal([0.6f, -0.4f, -0.4f, -0.4f, 0.6f], rows.Select(r => (float)Math.Round(r.Advantage, 6)));
        var expert = rows[^1];
        Assert.True(expert.IsExpert);
        Assert.Equal("8+05=13;3*13=39;#39$", expert.Rollout.Text);
        Assert.Equal(1, expert.Reward);
        Assert.All(rows.Take(4), r => Assert.Equal(0, r.ExpertTokens));
    }

    [Fact]
    public void SRFT_groups_are_LUFFY_s_with_GRPO_s_std_division()
    {
        // Given the same group: rewards 1,0,0,0,1, mean 0.4, unbiased std sqrt((2·0.36 + 3·0.16)/4) = sqrt(0.3)
        var groups = new[] { Group(1, 0, 0, 0) };

        // When
        var rows = new SrftObjective().Rows(groups, new RlConfig { Group = 4 }.For(RlAlgorithm.Srft)).Rows;

        // Then
        var std = Math.Sqrt(0.3) + GroupAdvantages.Epsilon;
        Precision.AssertClose(0.6 / std, rows[0].Advantage, 6);
        Precision.AssertClose(-0.4 / std, rows[1].Advantage, 6);
        Precision.AssertClose(0.6 / std, rows[4].Advantage, 6);
    }

    [Fact]
    public void UPT_imitates_the_prompts_whose_success_rate_is_at_most_gamma_and_trains_the_others_with_GRPO()
    {
        // Given three prompts whose rollouts succeed 0/4, 1/4 and 2/4 of the time
        var groups = new[] { Group(0, 0, 0, 0), Group(1, 0, 0, 0), Group(1, 1, 0, 0) };
        var config = new RlConfig { Group = 4 }.For(RlAlgorithm.Upt);

        // When the gate is the reference γ = 0, and γ = 0.25
        var strict = new UptObjective().Rows(groups, config);
        var loose = new UptObjective().Rows(groups, config with { GateThreshold = 0.25 });

        // Then γ = 0 imitates only the prompt no rollout solved (1 expert row, then 4 + 4 GRPO rollouts), γ = 0.25 also the 1/4 one
        Assert.Equal([true, false, false, false, false, false, false, false, false], strict.Rows.Select(r => r.IsExpert));
        Assert.Equal(1, strict.Metrics["upt/sft_prompts"]);
        Assert.Equal(2, strict.Metrics["upt/rl_prompts"]);
        Assert.Equal([1.5f, -0.5f, -0.5f, -0.5f], strict.Rows.Skip(1).Take(4).Select(r => (float)Math.Round(r.Advantage * (1 + 2e-6), 5)));
        Assert.Equal(2, loose.Metrics["upt/sft_prompts"]);
        Assert.Equal(6, loose.Rows.Count);
    }

    [Fact]
    public void The_expert_mask_marks_exactly_the_positions_that_predict_the_expert_s_tokens()
    {
        // Given a rollout of a 7-character prompt with a 3-token response, and the expert row (20 tokens)
        TorchRuntime.UseThreads(1);
        var rollout = TrainingRow.OnPolicy(Scored(1), 1);
        var expert = TrainingRow.Expert(_problem, 0.5f);

        // When
        var batch = TrainingBatch.Create([rollout, expert]);

        // Then response token j is predicted at position P − 1 + j: the expert's at 6..25, none of the rollout's
        var mask = batch.ExpertMask.data<float>().ToArray();
        var length = (int)batch.ExpertMask.shape[1];
        Assert.Equal(26, length);
        Assert.All(mask[..length], m => Assert.Equal(0, m));
        Assert.Equal(Enumerable.Range(0, length).Select(t => t is >= 6 and < 26 ? 1f : 0f), mask[length..]);
        Assert.Equal(batch.Rollouts.Mask.data<float>().ToArray()[length..], mask[length..]);
        Assert.Equal([1f, 1f], batch.Rewards.data<float>().ToArray());
    }

    [Fact]
    public void Prefix_RFT_prefixes_the_last_rollouts_of_each_group_with_a_reproducible_share_of_the_expert_trajectory()
    {
        // Given G = 4 with one prefixed rollout per group, shares drawn from [0.1, 0.9] of the expert's 20 tokens
        var config = new RlConfig { Group = 4, PrefixRollouts = 1 }.For(RlAlgorithm.PrefixRft);
        var run = new RlRun("unused", TinyRl.Model, config, RlAlgorithm.PrefixRft, [], [], Seed: 3, Threads: 1, From: "unused", World: "unused");
        var problems = Enumerable.Repeat(_problem, 50).ToList();

        // When the lengths are drawn twice, and once at another stream position
        var lengths = ExpertPrefixes.Lengths(run, problems, position: 100);
        var again = ExpertPrefixes.Lengths(run, problems, position: 100);
        var elsewhere = ExpertPrefixes.Lengths(run, problems, position: 150);

        // Then only every fourth rollout is prefixed, by 2..18 tokens, the same on a resume, different for other prompts
        Assert.All(lengths.Where((_, i) => i % 4 != 3), l => Assert.Equal(0, l));
        Assert.All(lengths.Where((_, i) => i % 4 == 3), l => Assert.InRange(l, 2, 18));
        Assert.Equal(lengths, again);
        Assert.NotEqual(lengths, elsewhere);
        Assert.All(ExpertPrefixes.Lengths(run with { Algorithm = RlAlgorithm.Grpo }, problems, 100), l => Assert.Equal(0, l));
    }

    [Fact]
    public void A_prefixed_rollout_is_the_expert_prefix_then_the_policy_s_tokens_with_log_probability_0_on_the_prefix()
    {
        // Given the sampler's continuation "13;3*13=39;#39$" of the prompt plus the prefix "8+05="
        var sampled = new Rollout(ExpertPrefixes.Prompt(_problem, 5), CharTokenizer.Encode("13;3*13=39;#39$"), [.. Enumerable.Repeat(-0.5f, 15)], Finished: true);

        // When
        var joined = ExpertPrefixes.Join(_problem, sampled, 5);

        // Then
        Assert.Equal("05+8*3?8+05=", sampled.Prompt);
        Assert.Equal(_problem.Prompt, joined.Prompt);
        Assert.Equal("8+05=13;3*13=39;#39$", joined.Text);
        Assert.Equal([0f, 0f, 0f, 0f, 0f, .. Enumerable.Repeat(-0.5f, 15)], joined.LogProbs);
    }

    private static RlTrainer.Group Group(params double[] rewards) => new([.. rewards.Select(Scored)]);

    private static RlTrainer.Scored Scored(double reward)
        => new(_problem, new Rollout(_problem.Prompt, CharTokenizer.Encode(reward > 0 ? "#39$" : "#38$")[..3], [-0.1f, -0.2f, -0.3f], Finished: false), reward);
}
