using System.Text.Json;
using Headroom.Lab.Tests.Training;

namespace Headroom.Lab.Tests;

public sealed class LabSessionTests
{
    [Fact]
    public void Sft_on_the_tiny_preset_builds_the_base_model_and_leaves_checkpoint_folders_whose_log_history_holds_eval_loss()
    {
        // Given an empty folder
        var folder = TinyRuns.NewFolder();
        var options = new LabOptions { Out = folder, Seed = 1, Threads = 1, Preset = "tiny" };

        // When SFT runs on the uniform set
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = LabSession.Sft(options, "uniform", cancel: TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage($"tiny sft end to end: {clock.Elapsed.TotalSeconds:F1} s");

        // Then
        var checkpoints = Directory.GetDirectories(folder, "checkpoint-*");
        Assert.NotEmpty(checkpoints);
        foreach (var checkpoint in checkpoints)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoint, "trainer_state.json")));
            Assert.Contains(json.RootElement.GetProperty("log_history").EnumerateArray(), e => e.TryGetProperty("eval_loss", out _));
        }

        Assert.True(File.Exists(Path.Combine(folder, "base", "model.bin")));
        Assert.True(File.Exists(Path.Combine(folder, "data", "world.json")));
        Assert.Equal(report.Evaluations.Count, checkpoints.Length + 1);
        Assert.Equal(6, report.Evaluations[^1].Scores.Count);
    }
}
