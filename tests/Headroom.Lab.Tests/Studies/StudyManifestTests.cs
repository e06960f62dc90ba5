using Headroom.Lab.Rl;
using Headroom.Lab.Studies;

namespace Headroom.Lab.Tests.Studies;

public sealed class StudyManifestTests
{
    [Fact]
    public void The_manifest_names_every_run_of_the_design_with_paths_relative_to_the_study()
    {
        // Given the quick preset on a world whose easy set is empty, with branches from two uniform checkpoints
        var folder = Path.Combine(Path.GetTempPath(), "study");
        var settings = new StudySettings(folder, Path.Combine(folder, "lab"), Seed: 7, Threads: 1);
        var planner = new StudyPlanner(StudyPreset.Quick, settings);
        var sets = LabSession.Datasets.Select(n => new DatasetSummary(n, n == "easy" ? 0 : n == "large" ? 3200 : 400, 5, 40, 0.5, 10, 100, 0.01, 0.1)).ToList();
        (string, int)[] benchmarks = [("arith", 316), ("olympiad", 70), ("products", 63), ("chains", 57), ("aime_a", 6), ("aime_b", 6)];
        var independent = planner.Independent(sets);
        var branches = new[] { (30, "Adaptive"), (60, "Stable") }.Select(b => new StudyRun($"rl/uniform-{b.Item1}", StudyRunKind.Branch, Path.Combine(folder, "rl", $"uniform-{b.Item1}"), [])
        {
            Dataset = "uniform",
            FromStep = b.Item1,
            Regime = b.Item2,
            Algorithm = RlAlgorithm.DapoDc,
        });

        // When
        var text = StudyManifestWriter.Render(StudyPreset.Quick, settings, benchmarks, sets, [.. independent, .. branches]);

        // Then (reviewed by hand: no easy run, the score weights are the problem counts, headroom analyze reads it)
        Assert.Equal(["sft/small", "sft/uniform", "sft/hard", "sft/large", "rl/grpo-base", "rl/dapo_d-base", "rl/luffy-base", "rl/srft-base", "rl/upt-base"], independent.Select(r => r.Id));
        Golden.Verify("Headroom.Lab.Tests", "Studies", "QuickManifest", "yaml", text);
    }

    [Fact]
    public void Each_run_is_one_lab_command_with_the_preset_s_settings_and_the_study_s_seed_and_threads()
    {
        // Given the quick preset, seed 7, 2 threads per run
        var folder = Path.Combine(Path.GetTempPath(), "study");
        var planner = new StudyPlanner(StudyPreset.Quick, new StudySettings(folder, "/worlds/w", Seed: 7, Threads: 2));
        var sets = LabSession.Datasets.Select(n => new DatasetSummary(n, 10, 5, 40, 0.5, 10, 100, 0.01, 0.1)).ToList();

        // When
        var runs = planner.Independent(sets);
        var world = planner.World();

        // Then
        Assert.Equal(["data", "--preset", "small", "--out", "/worlds/w", "--seed", "7", "--threads", "2", "--format", "json"], world.Arguments);
        Assert.Equal(["sft", "--preset", "small", "--out", Path.Combine(folder, "sft", "hard"), "--seed", "7", "--threads", "2", "--format", "json", "--world", "/worlds/w", "--dataset", "hard", "--set", "eval_interval=10"],
            runs.Single(r => r.Id == "sft/hard").Arguments);
        Assert.Equal(["rl", "--preset", "small", "--out", Path.Combine(folder, "rl", "luffy-base"), "--seed", "7", "--threads", "2", "--format", "json", "--world", "/worlds/w", "--from", "base", "--algorithm", "luffy", "--set", "max_steps=30", "--set", "eval_interval=5"],
            runs.Single(r => r.Id == "rl/luffy-base").Arguments);
    }
}
