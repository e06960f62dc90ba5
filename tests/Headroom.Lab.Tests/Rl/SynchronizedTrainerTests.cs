using Headroom.Core.Compute;
using Headroom.Lab.Rl;
using Headroom.Lab.Tests.Training;

namespace Headroom.Lab.Tests.Rl;

public sealed class SynchronizedTrainerTests
{
    [Theory]
    [InlineData(RlAlgorithm.Luffy)]
    [InlineData(RlAlgorithm.Srft)]
    [InlineData(RlAlgorithm.Upt)]
    [InlineData(RlAlgorithm.PrefixRft)]
    public void A_synchronized_run_killed_between_checkpoints_resumes_bit_identical_to_an_uninterrupted_run(RlAlgorithm algorithm)
    {
        // Given an uninterrupted 6-step run, and the same run killed at step 4 (after checkpoint-3)
        var uninterrupted = TinyRuns.NewFolder();
        var killed = TinyRuns.NewFolder();
        RlTrainer.Run(TinyRl.Create(uninterrupted, algorithm: algorithm), cancel: TestContext.Current.CancellationToken);
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var progress = new SynchronousProgress(p =>
        {
            if (p.Step == 4 && p.Message is null)
            {
                kill.Cancel();
            }
        });
        Assert.Throws<OperationCanceledException>(() => RlTrainer.Run(TinyRl.Create(killed, algorithm: algorithm), progress, kill.Token));

        // When the same run starts again on the same folder
        var resumed = RlTrainer.Run(TinyRl.Create(killed, algorithm: algorithm), cancel: TestContext.Current.CancellationToken);

        // Then it resumed from step 3, and the weights and every logged number equal the uninterrupted run's
        Assert.Equal(3, resumed.ResumedFromStep);
        Assert.Equal(File.ReadAllBytes(Path.Combine(uninterrupted, "model.bin")), File.ReadAllBytes(Path.Combine(killed, "model.bin")));
        Assert.Equal(RlLogs.Numbers(TinyRl.Create(uninterrupted).LogPath), RlLogs.Numbers(TinyRl.Create(killed).LogPath));
    }

    [Theory]
    [InlineData(RlAlgorithm.Luffy)]
    [InlineData(RlAlgorithm.Srft)]
    public void LUFFY_and_SRFT_train_G_rollouts_and_N_expert_trajectories_per_prompt_and_count_4_B_G_S_on_plus_4_B_N_S_off(RlAlgorithm algorithm)
    {
        // Given B = 8 prompts "NN?" of 3 tokens, G = 8 rollouts each and N = 1 expert "#NN$" (7 tokens with the prompt)
        var folder = TinyRuns.NewFolder();
        var run = TinyRl.Create(folder, TinyRl.Config with { MaxSteps = 3 }, algorithm);

        // When it runs
        RlTrainer.Run(run, cancel: TestContext.Current.CancellationToken);

        // Then every step counts 64 on- and 8 off-policy samples, and its FLOPs are framework.md §6's
        var dimensions = TinyRl.Model.Dimensions;
        var total = 0.0;
        foreach (var (step, data, _) in new VerlFileLog(run.LogPath).Read().Skip(1))
        {
            Assert.Equal(64, data["train/on_policy_samples"]);
            Assert.Equal(8, data["train/off_policy_samples"]);
            Assert.Equal(8 * step, data["train/total_off_policy_samples"]);
            var sOn = data["prompt_length/mean"] + data["response_length/mean"];
            var expected = 4 * (8 * 8 * sOn * ForwardFlops.PerToken(dimensions, sOn) + 8 * 1 * 7 * ForwardFlops.PerToken(dimensions, 7));
            total += expected;
            Precision.AssertClose(expected, data["train/step_flos"], 10);
            Precision.AssertClose(total, data["train/total_flos"], 10);
            Assert.Equal(64 * sOn + 8 * 7, data["perf/total_num_tokens"], 6);
        }
    }

    [Fact]
    public void UPT_counts_imitated_prompts_as_off_policy_samples_and_charges_generation_for_every_rollout()
    {
        // Given a gate at γ = 0.5, so that prompts solved by at most half the rollouts are imitated
        var folder = TinyRuns.NewFolder();
        var run = TinyRl.Create(folder, TinyRl.Config with { MaxSteps = 3, GateThreshold = 0.5 }, RlAlgorithm.Upt);

        // When it runs
        RlTrainer.Run(run, cancel: TestContext.Current.CancellationToken);

        // Then each step's samples follow its gate decisions, and FLOPs are B [G S_on + 3 (N_on S_on + N_off S_off)] F_fwd
        var dimensions = TinyRl.Model.Dimensions;
        var log = new VerlFileLog(run.LogPath).Read().Skip(1).ToList();
        Assert.Contains(log, e => e.Data["upt/sft_prompts"] > 0);
        foreach (var (_, data, _) in log)
        {
            var (imitated, trained) = (data["upt/sft_prompts"], data["upt/rl_prompts"]);
            Assert.Equal(8, imitated + trained);
            Assert.Equal(imitated, data["train/off_policy_samples"]);
            Assert.Equal(8 * trained, data["train/on_policy_samples"]);
            var sOn = data["prompt_length/mean"] + data["response_length/mean"];
            var perSequenceOn = sOn * ForwardFlops.PerToken(dimensions, sOn);
            var expected = 8 * 8 * perSequenceOn + 3 * (8 * trained * perSequenceOn + imitated * 7 * ForwardFlops.PerToken(dimensions, 7));
            Precision.AssertClose(expected, data["train/step_flos"], 10);
        }
    }

    [Fact]
    public void Prefix_RFT_replaces_one_rollout_per_group_with_a_continued_expert_prefix_and_counts_compute_as_GRPO()
    {
        // Given B = 8 prompts, G = 8 rollouts, one of them continuing an expert prefix ("#NN$" has 4 tokens: 1 to 3 of them)
        var folder = TinyRuns.NewFolder();
        var run = TinyRl.Create(folder, TinyRl.Config with { MaxSteps = 3 }, RlAlgorithm.PrefixRft);

        // When it runs
        RlTrainer.Run(run, cancel: TestContext.Current.CancellationToken);

        // Then every step trains 64 rollouts, 8 of them prefixed, and costs 4 B G S F_fwd
        var dimensions = TinyRl.Model.Dimensions;
        foreach (var (_, data, _) in new VerlFileLog(run.LogPath).Read().Skip(1))
        {
            Assert.Equal(64, data["train/on_policy_samples"]);
            Assert.Equal(0, data["train/off_policy_samples"]);
            Assert.Equal(8, data["prefix_rft/prefixed_rollouts"]);
            Assert.InRange(data["prefix_rft/prefix_tokens_mean"], 1, 3);
            var s = data["prompt_length/mean"] + data["response_length/mean"];
            Precision.AssertClose(4.0 * 8 * 8 * s * ForwardFlops.PerToken(dimensions, s), data["train/step_flos"], 10);
        }
    }
}
