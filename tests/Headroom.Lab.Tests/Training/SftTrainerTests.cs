using System.Text.Json;
using Headroom.Lab.Training;
using Headroom.Tests;

namespace Headroom.Lab.Tests.Training;

public sealed class SftTrainerTests
{
    private static readonly string[] _runtimeKeys = ["eval_runtime", "train_runtime", "train_steps_per_second", "train_tokens_per_second"];

    [Fact]
    public void Training_lowers_the_loss_and_writes_HF_checkpoint_folders_with_eval_loss_and_benchmark_scores()
    {
        // Given a 40-step run that evaluates every 20 steps
        var folder = TinyRuns.NewFolder();

        // When it runs
        var outcome = SftTrainer.Run(TinyRuns.Create(folder), cancel: TestContext.Current.CancellationToken);

        // Then checkpoint-20 and checkpoint-40 hold the HF files, and the log has the three entry shapes
        Assert.Equal(["checkpoint-20", "checkpoint-40"], Directory.GetDirectories(folder, "checkpoint-*").Select(Path.GetFileName).Order());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "checkpoint-40", "trainer_state.json")));
        var root = json.RootElement;
        Assert.Equal(40, root.GetProperty("global_step").GetInt32());
        Assert.Equal(8, root.GetProperty("train_batch_size").GetInt32());
        Assert.Equal(20, root.GetProperty("eval_steps").GetInt32());
        Assert.True(root.GetProperty("total_flos").GetDouble() > 0);
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var history = root.GetProperty("log_history").EnumerateArray().ToList();
        var evaluations = history.Where(e => e.TryGetProperty("eval_loss", out _)).ToList();
        Assert.Equal([0, 20, 40], evaluations.Select(e => e.GetProperty("step").GetInt32()));
        Assert.All(evaluations, e => Assert.InRange(e.GetProperty("eval_mini_pass1").GetDouble(), 0, 1));
        var losses = history.Where(e => e.TryGetProperty("loss", out _)).Select(e => e.GetProperty("loss").GetDouble()).ToList();
        Assert.Equal(8, losses.Count);
        Assert.True(losses[^1] < 0.75 * losses[0], $"loss went from {losses[0]} to {losses[^1]}");
        Assert.True(evaluations[^1].GetProperty("eval_loss").GetDouble() < evaluations[0].GetProperty("eval_loss").GetDouble());
        Assert.True(File.Exists(Path.Combine(folder, "config.json")) && File.Exists(Path.Combine(folder, "checkpoint-20", "config.json")));
        Assert.False(File.Exists(Path.Combine(folder, "checkpoint-20", Checkpoints.OptimizerFile)), "only the newest checkpoint keeps optimizer state");
        Assert.Equal(40, outcome.Steps);
    }

    [Fact]
    public void A_run_killed_between_checkpoints_resumes_when_rerun_and_ends_bit_identical_to_an_uninterrupted_run()
    {
        // Given an uninterrupted 40-step run, and the same run killed at step 27 (after checkpoint-20)
        var uninterrupted = TinyRuns.NewFolder();
        var killed = TinyRuns.NewFolder();
        SftTrainer.Run(TinyRuns.Create(uninterrupted), cancel: TestContext.Current.CancellationToken);
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var progress = new SynchronousProgress(p =>
        {
            if (p.Step == 27)
            {
                kill.Cancel();
            }
        });
        Assert.Throws<OperationCanceledException>(() => SftTrainer.Run(TinyRuns.Create(killed), progress, kill.Token));
        Directory.CreateDirectory(Path.Combine(killed, ".checkpoint-40.tmp")); // a half-written checkpoint of the kill

        // When the same command runs again on the same folder
        var resumed = SftTrainer.Run(TinyRuns.Create(killed), cancel: TestContext.Current.CancellationToken);

        // Then it resumed from step 20 and the weights and every logged number equal the uninterrupted run's
        Assert.True(resumed.Resumed);
        Assert.Equal(20, resumed.ResumedFromStep);
        Assert.False(Directory.Exists(Path.Combine(killed, ".checkpoint-40.tmp")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(uninterrupted, "model.bin")), File.ReadAllBytes(Path.Combine(killed, "model.bin")));
        Assert.Equal(Numbers(uninterrupted), Numbers(killed));
    }

    [Fact]
    public void Resuming_with_another_thread_count_is_refused_because_it_would_not_be_bit_identical()
    {
        // Given a checkpoint written with 1 thread
        var folder = TinyRuns.NewFolder();
        SftTrainer.Run(TinyRuns.Create(folder, TinyRuns.Config with { MaxSteps = 20 }), cancel: TestContext.Current.CancellationToken);

        // When the run is extended with 2 threads
        var error = Assert.Throws<LabException>(() => SftTrainer.Run(TinyRuns.Create(folder, TinyRuns.Config with { MaxSteps = 40 }, threads: 2), cancel: TestContext.Current.CancellationToken));

        // Then the message names the checkpoint and the setting
        Assert.Contains("checkpoint-20", error.Message);
        Assert.Contains("--threads 1", error.Message);
    }

    [Theory]
    [InlineData(1, 0.25e-3)]     // warmup: 1/4 of the peak 1e-3 (4 warmup steps)
    [InlineData(4, 1e-3)]        // end of warmup: the peak
    [InlineData(22, 0.55e-3)]    // halfway through the cosine: (1e-3 + 1e-4) / 2
    [InlineData(40, 1e-4)]       // last step: the floor
    public void Learning_rate_warms_up_linearly_then_follows_a_cosine_to_the_floor(int step, double expected)
    {
        // Given peak 1e-3, floor 1e-4, 4 warmup steps, 40 steps / When / Then
        var config = new TrainConfig { LearningRate = 1e-3, MinLearningRate = 1e-4, WarmupSteps = 4, MaxSteps = 40 };
        Precision.AssertClose(expected, SftTrainer.LearningRate(config, step), 9);
    }

    private static List<string> Numbers(string folder)
    {
        var state = TrainerStateFile.Read(Path.Combine(folder, "trainer_state.json"));
        return [.. state.LogHistory.Select(e => string.Join(",", e.Where(p => !_runtimeKeys.Contains(p.Key)).Select(p => $"{p.Key}={p.Value:R}")))];
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
