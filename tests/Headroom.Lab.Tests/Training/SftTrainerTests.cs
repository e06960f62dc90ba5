using System.Text.Json;
using Headroom.Lab.Training;

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

    [Fact]
    public void Resuming_with_another_model_shape_is_refused_naming_the_checkpoint_and_both_shapes()
    {
        // Given a checkpoint of the 1-layer test model
        var folder = TinyRuns.NewFolder();
        SftTrainer.Run(TinyRuns.Create(folder, TinyRuns.Config with { MaxSteps = 20 }), cancel: TestContext.Current.CancellationToken);

        // When the run is extended with a 2-layer model
        var wider = TinyRuns.Create(folder, TinyRuns.Config with { MaxSteps = 40 }) with { Model = TinyRuns.Model with { Layers = 2 } };
        var error = Assert.Throws<LabException>(() => SftTrainer.Run(wider, cancel: TestContext.Current.CancellationToken));

        // Then
        Assert.Equal($"Checkpoint {Path.Combine(folder, "checkpoint-20")} holds a model with layers=1 hidden=32 heads=2 feed_forward=64 block_size=64, not the requested layers=2 hidden=32 heads=2 feed_forward=64 block_size=64; "
            + "rerun with --set model.layers=1 --set model.hidden=32 --set model.heads=2 --set model.feed_forward=64 --set model.block_size=64 to use it, or use another folder.", error.Message);
    }

    [Fact]
    public void Starting_from_an_initial_model_of_another_shape_is_refused_before_loading_it()
    {
        // Given a finished run of the test model, used as the starting model of a run with a wider model
        var start = TinyRuns.NewFolder();
        SftTrainer.Run(TinyRuns.Create(start, TinyRuns.Config with { MaxSteps = 5, EvalInterval = 5 }), cancel: TestContext.Current.CancellationToken);
        var run = TinyRuns.Create(TinyRuns.NewFolder()) with { Model = TinyRuns.Model with { Hidden = 64 }, InitialModel = Path.Combine(start, Checkpoints.ModelFile) };

        // When / Then
        var error = Assert.Throws<LabException>(() => SftTrainer.Run(run, cancel: TestContext.Current.CancellationToken));
        Assert.StartsWith($"The base model in {start} holds a model with layers=1 hidden=32 ", error.Message);
        Assert.Contains("not the requested layers=1 hidden=64 ", error.Message);
    }

    [Fact]
    public void A_block_size_shorter_than_the_longest_sequence_is_refused_with_the_size_that_fits()
    {
        // Given the test run with 16 positions (its longest sequence: at most 3 steps, under 30 tokens)
        var run = TinyRuns.Create(TinyRuns.NewFolder()) with { Model = TinyRuns.Model with { BlockSize = 16 } };
        var longest = run.Train.Concat(run.Validation).Max(e => e.Prompt.Length + e.Response.Length);

        // When / Then
        var error = Assert.Throws<LabException>(() => SftTrainer.Run(run, cancel: TestContext.Current.CancellationToken));
        Assert.Equal($"Setting 'model.block_size' 16 is shorter than the longest test sequence ({longest} tokens); use --set model.block_size={longest} or more.", error.Message);
    }

    [Fact]
    public void Resuming_with_a_changed_learning_rate_is_refused_naming_the_key_unless_allowed()
    {
        // Given a checkpoint written at learning rate 1e-2
        var folder = TinyRuns.NewFolder();
        SftTrainer.Run(TinyRuns.Create(folder, TinyRuns.Config with { MaxSteps = 20 }), cancel: TestContext.Current.CancellationToken);

        // When the run continues with another learning rate
        var changed = TinyRuns.Create(folder, TinyRuns.Config with { MaxSteps = 20, LearningRate = 2e-2 });
        var error = Assert.Throws<LabException>(() => SftTrainer.Run(changed, cancel: TestContext.Current.CancellationToken));
        var allowed = SftTrainer.Run(changed with { AllowChangedSettings = true }, cancel: TestContext.Current.CancellationToken);

        // Then the refusal names the key and both values; --allow-changed-settings lets it continue
        Assert.Contains("learning_rate 0.01, now 0.02", error.Message);
        Assert.EndsWith("or use another --out.", error.Message);
        Assert.True(allowed.Resumed);
    }

    [Theory]
    [InlineData("training_state.json", "{\"step\": 20, \"seed\": ", "training state (malformed JSON at line 1")]
    [InlineData("trainer_state.json", "[1, 2]", "trainer state (not a JSON object)")]
    [InlineData("train_config.json", "{\"max_steps\": ", "training settings (malformed JSON")]
    [InlineData("config.json", "{\"model_type\": \"llama\"}", "model config (a field is missing or has the wrong type)")]
    [InlineData("model.bin", "", "model (truncated at 0 bytes)")]
    [InlineData("optimizer.bin", "garbage", "optimizer state (")]
    public void A_damaged_checkpoint_file_is_one_sentence_naming_the_file_and_what_is_wrong(string file, string content, string message)
    {
        // Given a checkpoint whose file is overwritten with damaged content
        var folder = TinyRuns.NewFolder();
        SftTrainer.Run(TinyRuns.Create(folder, TinyRuns.Config with { MaxSteps = 20 }), cancel: TestContext.Current.CancellationToken);
        var path = Path.Combine(folder, "checkpoint-20", file);
        File.WriteAllText(path, content);

        // When the run is resumed
        var error = Assert.Throws<LabException>(() => SftTrainer.Run(TinyRuns.Create(folder, TinyRuns.Config with { MaxSteps = 20 }), cancel: TestContext.Current.CancellationToken));

        // Then
        Assert.StartsWith($"{path}: not a usable {message}", error.Message);
        Assert.EndsWith("restore it, or remove the folder that holds it and run again.", error.Message);
    }

    [Fact]
    public void A_truncated_model_file_names_the_file_and_its_length()
    {
        // Given a finished run whose model.bin lost its second half
        var folder = TinyRuns.NewFolder();
        SftTrainer.Run(TinyRuns.Create(folder, TinyRuns.Config with { MaxSteps = 5, EvalInterval = 5 }), cancel: TestContext.Current.CancellationToken);
        var path = Path.Combine(folder, "model.bin");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        // When it is loaded
        var error = Assert.Throws<LabException>(() => Checkpoints.LoadModel(folder));

        // Then
        Assert.Equal($"{path}: not a usable model (truncated at {bytes.Length / 2:N0} bytes); restore it, or remove the folder that holds it and run again.", error.Message);
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
        Precision.AssertClose(expected, SftTrainer.LearningRate(config, step, lastStep: 40), 9);
    }

    [Theory]
    [InlineData(4, 1e-3)]        // end of warmup: the peak
    [InlineData(30, 1e-3)]       // held until the cooldown starts at 50 - 10 = 40
    [InlineData(40, 1e-3)]       // the cooldown's first step is 41
    [InlineData(45, 0.55e-3)]    // halfway: 1e-3 - 0.5 · 0.9e-3
    [InlineData(50, 1e-4)]       // the last step: the floor
    public void With_a_cooldown_the_learning_rate_holds_its_peak_then_falls_linearly_to_the_floor_at_the_last_step(int step, double expected)
    {
        // Given peak 1e-3, floor 1e-4, 4 warmup steps, a 10-step cooldown ending at step 50 / When / Then
        var config = new TrainConfig { LearningRate = 1e-3, MinLearningRate = 1e-4, WarmupSteps = 4, MaxSteps = 400, CooldownSteps = 10 };
        Precision.AssertClose(expected, SftTrainer.LearningRate(config, step, lastStep: 50), 9);
    }

    private static List<string> Numbers(string folder)
    {
        var state = TrainerStateFile.Read(Path.Combine(folder, "trainer_state.json"));
        return [.. state.LogHistory.Select(e => string.Join(",", e.Where(p => !_runtimeKeys.Contains(p.Key)).Select(p => $"{p.Key}={p.Value:R}")))];
    }
}
