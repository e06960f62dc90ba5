using System.Text.Json;
using Headroom.Lab.Tests.Training;
using Headroom.Lab.Training;
using Headroom.Lab.World;

namespace Headroom.Lab.Tests;

public sealed class LabSessionTests(TinyLab lab)
{
    [Fact]
    public void Sft_on_the_tiny_preset_leaves_checkpoint_folders_whose_log_history_holds_eval_loss_and_scores()
    {
        // Given the tiny world and an empty run folder
        var folder = TinyRuns.NewFolder();

        // When SFT runs on the uniform set
        var report = LabSession.Sft(lab.Options with { Out = folder, World = lab.Folder }, "uniform", cancel: TestContext.Current.CancellationToken);

        // Then every checkpoint's trainer_state.json holds eval_loss, and the report lists step 0 and each checkpoint
        var checkpoints = Directory.GetDirectories(folder, "checkpoint-*");
        Assert.Equal(["checkpoint-20", "checkpoint-40"], checkpoints.Select(Path.GetFileName).Order());
        foreach (var checkpoint in checkpoints)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoint, "trainer_state.json")));
            Assert.Contains(json.RootElement.GetProperty("log_history").EnumerateArray(), e => e.TryGetProperty("eval_loss", out _));
            Assert.True(File.Exists(Path.Combine(checkpoint, "config.json")));
        }

        Assert.Equal([0, 20, 40], report.Evaluations.Select(e => e.Step));
        Assert.Equal(6, report.Evaluations[^1].Scores.Count);
        Assert.True(report.Evaluations[^1].EvalLoss < report.Evaluations[0].EvalLoss, "SFT on expert trajectories lowers the validation loss");
        Assert.Equal(report.MinEvalLoss, report.Evaluations.Min(e => e.EvalLoss));
    }

    [Fact]
    public void Difficulty_labels_follow_the_definition_easy_wins_four_of_four_hard_at_most_one()
    {
        // Given the labelled sets written by the world builder
        var data = Path.Combine(lab.Folder, "data", "sft");
        var easy = WorldFiles.Read(Path.Combine(data, "easy.jsonl"));
        var hard = WorldFiles.Read(Path.Combine(data, "hard.jsonl"));
        var uniform = WorldFiles.Read(Path.Combine(data, "uniform.jsonl"));

        // When / Then: classes by win rate over 4 attempts, uniform is the first labelled candidates in draw order
        Assert.All(easy, r => Assert.Equal(1.0, r.WinRate));
        Assert.All(hard, r => Assert.InRange(r.WinRate!.Value, 0, 0.25));
        Assert.All(uniform.Concat(easy).Concat(hard), r => Assert.Contains(r.WinRate!.Value, new[] { 0, 0.25, 0.5, 0.75, 1 }));
        var draft = WorldDraft.Create(lab.Options.Seed, LabPreset.Tiny.World);
        Assert.Equal(draft.Candidates.Take(uniform.Count).Select(p => p.Prompt), uniform.Select(r => r.Prompt));
        Assert.Equal(lab.Report.Labelled, lab.Report.WinRateHistogram.Sum());
        Assert.Equal(uniform.Count(r => r.WinRate <= 0.25), uniform.Count(r => Difficulty.Classify(r.WinRate!.Value) == DifficultyClass.Hard));
    }

    [Fact]
    public void Every_expert_trajectory_of_the_built_world_verifies_exactly()
    {
        // Given every written SFT, validation and benchmark record
        var files = Directory.GetFiles(Path.Combine(lab.Folder, "data"), "*.jsonl", SearchOption.AllDirectories);

        // When / Then
        Assert.Equal(5 + 6 + 1 + 1, files.Length);
        foreach (var file in files)
        {
            Assert.All(WorldFiles.Read(file), r => Assert.True(Verifier.IsExactTrajectory(WorldFiles.ToProblem(r), r.Response), r.Response));
        }
    }

    [Fact]
    public void Eval_scores_a_checkpoint_and_its_headline_is_the_problem_count_weighted_mean_with_its_standard_error()
    {
        // Given the base model folder (its world is the lab folder above it)
        var baseFolder = Path.Combine(lab.Folder, "base");
        var results = Path.Combine(TinyRuns.NewFolder(), "eval.json");

        // When it is evaluated without and with --out
        var report = LabSession.Evaluate(lab.Options with { Out = "" }, baseFolder, cancel: TestContext.Current.CancellationToken);
        var written = LabSession.Evaluate(lab.Options with { Out = results }, baseFolder, cancel: TestContext.Current.CancellationToken);

        // Then the headline is the weighted mean, its SE √Σ (n_b/N)² SE_b², and only --out writes a file
        var total = (double)report.Scores.Sum(s => s.Problems);
        Precision.AssertClose(report.Scores.Sum(s => s.Problems * s.Accuracy) / total, report.Headline.Score, 12);
        Precision.AssertClose(Math.Sqrt(report.Scores.Sum(s => Math.Pow(s.Problems / total * s.Se, 2))), report.Headline.Se, 12);
        Assert.Equal([1, 1, 1, 1, 16, 16], report.Scores.Select(s => s.SamplesPerProblem));
        Assert.Null(report.Written);
        Assert.False(File.Exists(Path.Combine(baseFolder, "eval_results.json")));
        Assert.Equal(results, written.Written);
        Assert.True(File.Exists(results));
        Assert.True(double.IsFinite(report.EvalLoss));
    }

    [Fact]
    public void Sft_with_another_model_size_than_the_base_model_is_refused_in_one_sentence_that_names_the_fix()
    {
        // Given the tiny world (base model: the tiny preset's 2 layers of width 32)
        var folder = TinyRuns.NewFolder();

        // When SFT asks for the 0.2M model, or for one more layer
        var sized = Assert.Throws<LabException>(() => LabSession.Sft(lab.Options with { Out = folder, World = lab.Folder, ModelSize = "0.2M" }, "uniform", cancel: TestContext.Current.CancellationToken));
        var deeper = Assert.Throws<LabException>(() => LabSession.Sft(lab.Options with { Out = folder, World = lab.Folder, Settings = ["model.layers=3"] }, "uniform", cancel: TestContext.Current.CancellationToken));

        // Then both are refused before any training, naming the base model, both shapes and the option that fits
        Assert.Equal($"The base model in {Path.Combine(lab.Folder, "base")} holds a model with layers=2 hidden=32 heads=4 feed_forward=64 block_size=160, "
            + "not the requested layers=4 hidden=64 heads=4 feed_forward=192 block_size=160; rerun with --model-size tiny to use it, or use another folder.", sized.Message);
        Assert.Contains("not the requested layers=3 hidden=32 ", deeper.Message);
        Assert.Equal([".lock"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName)); // the run's lock, released
    }

    [Fact]
    public void The_world_records_its_model_and_a_run_on_it_reports_the_same_model()
    {
        // Given / When: world.json of the tiny world
        var world = JsonSerializer.Deserialize<DataReport>(File.ReadAllText(Path.Combine(lab.Folder, "data", "world.json")), ConfigOverrides.Json)!;

        // Then it holds the tiny preset's model, as does the base model's config.json
        Assert.Equal(LabPreset.Tiny.Model, world.Model);
        Assert.Equal(LabPreset.Tiny.Model, HfModelConfig.Read(Path.Combine(lab.Folder, "base", "config.json")));
    }

    [Fact]
    public void A_world_is_not_reused_with_another_seed()
    {
        // Given / When / Then
        var error = Assert.Throws<LabException>(() => LabSession.BuildData(lab.Options with { Seed = 2 }, cancel: TestContext.Current.CancellationToken));
        Assert.Contains("seed.world 1, seed.pretrain 1, --preset tiny", error.Message);
    }
}
