using Headroom.Lab.Studies;

namespace Headroom.Lab.Tests.Studies;

public sealed class StudyBranchesTests
{
    [Theory]
    [InlineData("quick", "uniform-40 Stable, uniform-100 Severe")]
    [InlineData("paper", "uniform-20 Adaptive, uniform-40 Stable, uniform-60 Mild, uniform-100 Severe")]
    public void A_study_branches_from_the_regimes_its_preset_names(string preset, string expected)
    {
        // Given a finished uniform SFT run through all four regimes (the losses of the first test above, by hand)
        var folder = Path.Combine(Path.GetTempPath(), "headroom-branches-" + Guid.NewGuid().ToString("N"));
        var run = Path.Combine(folder, "sft", "uniform");
        Directory.CreateDirectory(run);
        double[] losses = [1.0, 0.6, 0.5, 0.49, 0.5, 0.51, 0.53, 0.56, 0.6, 0.7];
        var history = string.Join(", ", losses.Select((l, i) => $"{{\"step\": {(i + 1) * 10}, \"eval_loss\": {l.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}"));
        File.WriteAllText(Path.Combine(run, "trainer_state.json"), $$"""
            {"global_step": 100, "max_steps": 100, "logging_steps": 10, "eval_steps": 10, "train_batch_size": 32, "epoch": 1.0,
             "num_train_epochs": 1, "num_input_tokens_seen": 0, "total_flos": 0.0, "log_history": [{{history}}]}
            """);
        var planner = new StudyPlanner(StudyPreset.Named(preset), new StudySettings(folder, Path.Combine(folder, "lab"), Seed: 1, Threads: 1));

        // When
        var branches = planner.Branches(new StudyRun("sft/uniform", StudyRunKind.Sft, run, []) { Dataset = "uniform" });

        // Then quick keeps the recommended switch and the most overfit checkpoint; paper one per regime
        Assert.Equal(expected, string.Join(", ", branches.Select(b => $"{b.Id["rl/".Length..]} {b.Regime}")));
        Directory.Delete(folder, recursive: true);
    }
}
