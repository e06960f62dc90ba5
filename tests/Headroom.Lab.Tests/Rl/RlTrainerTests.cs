using Headroom.Core.Compute;
using Headroom.Ingest;
using Headroom.Lab.Rl;
using Headroom.Lab.Tests.Training;

namespace Headroom.Lab.Tests.Rl;

public sealed class RlTrainerTests
{
    [Fact]
    public void Grpo_raises_the_reward_of_a_tiny_model_on_a_task_it_can_learn()
    {
        // Given the copy task's starting model (right about half the time) and 30 GRPO steps
        var folder = TinyRuns.NewFolder();
        var run = TinyRl.Create(folder, TinyRl.Config with { MaxSteps = 30, EvalInterval = 15 });

        // When it trains
        RlTrainer.Run(run, cancel: TestContext.Current.CancellationToken);

        // Then the training reward (median of the last 10 steps against the first 5) and the evaluated score both rise
        // well above the start
        var log = new VerlFileLog(run.LogPath).Read();
        var rewards = log.Where(e => e.Step > 0).Select(e => e.Data["critic/score/mean"]).ToList();
        // medians: one step's reward is 64 samples, and a single unlucky batch must not decide the test
        var (first, last) = (Median(rewards.Take(5)), Median(rewards.TakeLast(10)));
        Assert.True(last > first + 0.15, $"reward went from {first:F3} to {last:F3}");
        var scores = log.Where(e => e.Data.ContainsKey("val/headline")).Select(e => e.Data["val/headline"]).ToList();
        Assert.Equal(3, scores.Count); // steps 0, 15, 30
        Assert.True(scores[^1] > scores[0] + 0.15, $"score went from {scores[0]:F3} to {scores[^1]:F3}");
    }

    [Fact]
    public void The_log_is_verl_file_logger_jsonl_with_validation_lengths_and_Core_compute_per_step()
    {
        // Given a 6-step GRPO run evaluating every 3 steps
        var folder = TinyRuns.NewFolder();
        var run = TinyRl.Create(folder);

        // When it runs
        RlTrainer.Run(run, cancel: TestContext.Current.CancellationToken);

        // Then step 0 holds the starting model's evaluation, every step the verl keys, and evaluations at 3 and 6
        var log = new VerlFileLog(run.LogPath).Read();
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], log.Select(e => e.Step));
        Assert.Equal([0, 3, 6], log.Where(e => e.Data.ContainsKey("val-core/copy/acc/mean@2")).Select(e => e.Step));
        var dimensions = TinyRl.Model.Dimensions;
        var total = 0.0;
        foreach (var (step, data, _) in log.Skip(1))
        {
            // GRPO: 4 B G S F_fwd(S), S the step's mean prompt + response length (framework.md §6)
            var s = data["prompt_length/mean"] + data["response_length/mean"];
            var expected = 4.0 * 8 * 8 * s * ForwardFlops.PerToken(dimensions, s);
            Precision.AssertClose(expected, data["train/step_flos"], 10);
            total += expected;
            Precision.AssertClose(total, data["train/total_flos"], 10);
            Assert.Equal(1, data["train/num_gen_batches"]);
            Assert.Equal(3, data["prompt_length/mean"]);
        }

        // And the ingest readers read it as verl JSONL: the benchmark score is canonical rl_val_score
        var ingested = Assert.Single(LogIngest.Read([run.LogPath]).Runs);
        var score = Assert.Single(ingested.WithCanonical(CanonicalSeries.RlValScore));
        Assert.Equal("copy", score.Benchmark);
        Assert.Equal([0L, 3, 6], score.Points.Select(p => p.Step));
        Assert.Equal(Formats.VerlJsonl, ingested.Format);
    }

    [Fact]
    public void A_DAPO_run_killed_between_checkpoints_resumes_bit_identical_to_an_uninterrupted_run()
    {
        // Given an uninterrupted 6-step DAPO_d run, and the same run killed at step 4 (after checkpoint-3)
        var uninterrupted = TinyRuns.NewFolder();
        var killed = TinyRuns.NewFolder();
        RlTrainer.Run(TinyRl.Create(uninterrupted, algorithm: RlAlgorithm.DapoD), cancel: TestContext.Current.CancellationToken);
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var progress = new SynchronousProgress(p =>
        {
            if (p.Step == 4 && p.Message is null)
            {
                kill.Cancel();
            }
        });
        Assert.Throws<OperationCanceledException>(() => RlTrainer.Run(TinyRl.Create(killed, algorithm: RlAlgorithm.DapoD), progress, kill.Token));

        // When the same run starts again on the same folder
        var resumed = RlTrainer.Run(TinyRl.Create(killed, algorithm: RlAlgorithm.DapoD), cancel: TestContext.Current.CancellationToken);

        // Then it resumed from step 3, and the weights and every logged number equal the uninterrupted run's
        Assert.Equal(3, resumed.ResumedFromStep);
        Assert.Equal(File.ReadAllBytes(Path.Combine(uninterrupted, "model.bin")), File.ReadAllBytes(Path.Combine(killed, "model.bin")));
        Assert.Equal(RlLogs.Numbers(TinyRl.Create(uninterrupted).LogPath), RlLogs.Numbers(TinyRl.Create(killed).LogPath));

        // And dynamic sampling trained only informative groups: a trained batch is neither all right nor all wrong
        foreach (var (_, data, _) in new VerlFileLog(TinyRl.Create(killed).LogPath).Read().Skip(1).Where(e => e.Data["train/kept_groups"] > 0))
        {
            Assert.InRange(data["critic/score/mean"], 1e-9, 1 - 1e-9);
            Assert.InRange(data["train/num_gen_batches"], 1, TinyRl.Config.MaxGenerationRounds);
        }
    }

    [Fact]
    public void Resuming_with_a_changed_setting_is_refused_naming_the_key_unless_allowed()
    {
        // Given a finished 3-step run
        var folder = TinyRuns.NewFolder();
        RlTrainer.Run(TinyRl.Create(folder, TinyRl.Config with { MaxSteps = 3 }), cancel: TestContext.Current.CancellationToken);

        // When it is continued with another learning rate, without and with --allow-changed-settings
        var changed = TinyRl.Config with { MaxSteps = 4, LearningRate = 1e-3 };
        var error = Assert.Throws<LabException>(() => RlTrainer.Run(TinyRl.Create(folder, changed), cancel: TestContext.Current.CancellationToken));
        var allowed = RlTrainer.Run(TinyRl.Create(folder, changed) with { AllowChangedSettings = true }, cancel: TestContext.Current.CancellationToken);

        // Then the refusal names the checkpoint and both differing keys with their values; the override continues
        Assert.StartsWith($"Checkpoint {Path.Combine(folder, "checkpoint-3")} was written with other settings (", error.Message);
        Assert.Contains("learning_rate 0.003, now 0.001", error.Message);
        Assert.Contains("max_steps 3, now 4", error.Message);
        Assert.Equal(4, allowed.Steps);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
