using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

/// <summary>Issue 9: exit codes of inspect and ingest when some or all logs cannot be read.</summary>
public sealed class InspectFailuresTests
{
    [Fact]
    public void Inspect_of_a_readable_log_beside_a_missing_path_exits_0_with_a_warning()
    {
        // Given
        using var scratch = new TempFolder();
        var log = scratch.Write("verl.jsonl", Fixtures.VerlJsonl());
        var missing = scratch.Combine("nope");

        // When
        var result = CliRun.Of("inspect", log, missing);

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"headroom: warning: {missing}: no such file or folder.", result.Err.TrimEnd());
    }

    [Theory]
    [InlineData("inspect")]
    [InlineData("ingest")]
    public void A_folder_whose_every_log_fails_exits_1_with_one_line(string verb)
    {
        // Given two logs, both damaged
        using var scratch = new TempFolder();
        scratch.Write("logs/a/verl.jsonl", "{\"step\": 1, \"data\": {\"x\": 1\n");
        scratch.Write("logs/b/trainer_state.json", string.Empty);
        string[] args = verb == "inspect" ? ["inspect", scratch.Combine("logs")] : ["ingest", scratch.Combine("logs"), "--out", scratch.Combine("t.parquet")];

        // When
        var result = CliRun.Of(args);

        // Then
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Err.TrimEnd().Split('\n'));
        Assert.StartsWith("headroom: nothing readable in the paths given: all 2 logs failed; the first: ", line, StringComparison.Ordinal);
        Assert.False(File.Exists(scratch.Combine("t.parquet")));
    }

    [Fact]
    public void An_HF_run_whose_newest_checkpoint_is_empty_is_inspected_from_the_others_and_the_damage_shown()
    {
        // Given checkpoints 100 and 200, and an empty checkpoint-230 (a crash while saving)
        using var scratch = new TempFolder();
        scratch.Write("sft/checkpoint-100/trainer_state.json", Fixtures.TrainerState(100));
        scratch.Write("sft/checkpoint-200/trainer_state.json", Fixtures.TrainerState(200));
        scratch.Write("sft/checkpoint-230/trainer_state.json", string.Empty);

        // When
        var inspect = CliResult.Run("inspect", scratch.Combine("sft"), "--format", "json");
        var regimes = CliRun.Of("regimes", scratch.Combine("sft"), "--format", "json");

        // Then
        Assert.Equal(0, inspect.ExitCode);
        var run = inspect.Json.GetProperty("runs")[0];
        var skipped = Assert.Single(run.GetProperty("skipped").EnumerateArray());
        Assert.Equal($"damaged state skipped, the run is built from the others: {scratch.Combine("sft/checkpoint-230/trainer_state.json")}: the file is empty", skipped.GetProperty("reason").GetString());
        Assert.Equal(["sft_train_loss", "sft_val_loss", "lr", "flops", "epoch"], run.GetProperty("canonical").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, regimes.ExitCode);
    }
}
