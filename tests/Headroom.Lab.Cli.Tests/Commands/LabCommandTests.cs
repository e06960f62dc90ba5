using Headroom.Lab.Cli.Tests.Data;

namespace Headroom.Lab.Cli.Tests.Commands;

public sealed class LabCommandTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("--model-size", "7M", "headroom: Unknown model size '7M'; use one of 0.2M, 1M, 5M, tiny, small, full")]
    [InlineData("--set", "model.depth=3", "headroom: Unknown setting 'model.depth'; known settings are model.layers,")]
    [InlineData("--set", "model.heads=5", "headroom: Setting 'model.hidden' 32 is not a multiple of 'model.heads' 5;")]
    public void A_bad_model_size_is_one_line_on_stderr_before_any_work(string option, string value, string message)
    {
        // Given / When
        var folder = Path.Combine(_files.Path, "lab");
        var line = ToolRun.Lab("data", "--preset", "tiny", "--out", folder, option, value, "--no-progress").AssertBadInput();

        // Then
        Assert.StartsWith(message, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_tiny_sft_run_leaves_checkpoints_that_inspect_reads_as_an_sft_validation_loss()
    {
        // Given a tiny lab run from scratch (world and base model built first), one thread for determinism
        var run = Path.Combine(_files.Path, "run");
        var sft = ToolRun.Lab("sft", "--preset", "tiny", "--dataset", "uniform", "--out", run, "--threads", "1", "--no-progress", "--format", "json");
        Assert.Equal(0, sft.ExitCode);

        // When the run folder is inspected like any HF Trainer output
        var inspect = ToolRun.Headroom("inspect", run, "--format", "json");

        // Then it is one trainer_state run whose eval_loss maps to sft_val_loss, one value per checkpoint
        Assert.Equal(0, inspect.ExitCode);
        var checkpoints = Directory.GetDirectories(run, "checkpoint-*").Length;
        Assert.True(checkpoints >= 2, $"{checkpoints} checkpoints");
        // (the base model built inside the run folder is a second trainer_state run, under base/)
        var runs = inspect.Json.GetProperty("runs").EnumerateArray()
            .Where(r => r.GetProperty("format").GetString() == "trainer_state" && Path.GetFullPath(r.GetProperty("path").GetString()!) == Path.GetFullPath(run))
            .ToList();
        var series = Assert.Single(runs).GetProperty("series").EnumerateArray()
            .Single(s => s.GetProperty("canonical").ValueKind == System.Text.Json.JsonValueKind.String && s.GetProperty("canonical").GetString() == "sft_val_loss");
        Assert.Equal("eval_loss", series.GetProperty("key").GetString());
        Assert.Equal(checkpoints + 1, series.GetProperty("count").GetInt32()); // step 0 is evaluated too

        // And regimes, given the run folder, labels that run's evaluations (not the base model's below it)
        var regimes = ToolRun.Headroom("regimes", run, "--format", "json");
        Assert.Equal(0, regimes.ExitCode);
        using var state = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "trainer_state.json")));
        var logged = state.RootElement.GetProperty("log_history").EnumerateArray()
            .Where(e => e.TryGetProperty("eval_loss", out _))
            .Select(e => (Step: e.GetProperty("step").GetDouble(), Loss: e.GetProperty("eval_loss").GetDouble()))
            .ToArray();
        var labelled = regimes.Json.GetProperty("checkpoints").EnumerateArray()
            .Select(c => (Step: c.GetProperty("step").GetDouble(), Loss: c.GetProperty("loss").GetDouble()))
            .ToArray();
        Assert.Equal(logged, labelled);
        Assert.Equal(logged.Min(e => e.Loss), regimes.Json.GetProperty("minimum_loss").GetDouble());
    }
}
