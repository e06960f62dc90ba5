using System.Text.Json;
using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

public sealed class InspectCommandTests
{
    /// <summary>An HF output folder (two checkpoints, the final state, its TensorBoard `runs/` folder) beside a verl JSONL log.</summary>
    private static string ExperimentFolder(TempFolder scratch)
    {
        scratch.Write("exp/sft-qwen/checkpoint-100/trainer_state.json", Fixtures.TrainerState(100));
        scratch.Write("exp/sft-qwen/checkpoint-100/model.safetensors", "weights");
        scratch.Write("exp/sft-qwen/checkpoint-200/trainer_state.json", Fixtures.TrainerState(200));
        scratch.Write("exp/sft-qwen/trainer_state.json", Fixtures.TrainerState(200));
        var scalars = Enumerable.Range(1, 20).SelectMany(i => new[] { ("train/loss", i * 10L, 2f - (i * 0.01f)), ("train/learning_rate", i * 10L, 1e-5f) })
            .Concat(Enumerable.Range(1, 4).Select(i => ("eval/loss", i * 50L, 1.9f - (i * 0.02f))));
        scratch.WriteBytes("exp/sft-qwen/runs/Apr16_15-40-45_gpu01/events.out.tfevents.1713260000.gpu01.4242.0", Fixtures.EventFile(scalars));
        scratch.Write("exp/verl/grpo_gsm8k.jsonl", Fixtures.VerlJsonl());
        return scratch.Combine("exp");
    }

    [Fact]
    public void Inspect_lists_an_HF_run_with_checkpoints_its_TensorBoard_run_and_a_verl_log_with_their_canonical_series()
    {
        // Given
        using var scratch = new TempFolder();
        var folder = ExperimentFolder(scratch);

        // When
        var result = CliRun.Of("inspect", folder, "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Err);
        using var json = JsonDocument.Parse(result.Out);
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToDictionary(r => r.GetProperty("format").GetString()!);
        Assert.Equal(["tensorboard", "trainer_state", "verl_jsonl"], runs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(scratch.Combine("exp/sft-qwen"), runs["trainer_state"].GetProperty("path").GetString());

        var state = Canonical(runs["trainer_state"]);
        Assert.Equal(("loss", 20), state["sft_train_loss"]);
        Assert.Equal(("eval_loss", 4), state["sft_val_loss"]);
        Assert.Equal(("learning_rate", 20), state["lr"]);
        Assert.Equal(("total_flos", 2), state["flops"]);

        var tensorboard = Canonical(runs["tensorboard"]);
        Assert.Equal(("train/loss", 20), tensorboard["sft_train_loss"]);
        Assert.Equal(("eval/loss", 4), tensorboard["sft_val_loss"]);
        Assert.Equal(("train/learning_rate", 20), tensorboard["lr"]);

        var verl = Canonical(runs["verl_jsonl"]);
        Assert.Equal(("critic/score/mean", 3), verl["rl_train_reward"]);
        Assert.Equal(("val-core/openai/gsm8k/acc/mean@4", 3), verl["rl_val_score"]);
        Assert.Equal(("actor/entropy", 3), verl["entropy"]);
        Assert.Equal(("response_length/mean", 3), verl["response_length"]);
        var val = runs["verl_jsonl"].GetProperty("series").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "val-core/openai/gsm8k/acc/mean@4");
        Assert.Equal("openai/gsm8k", val.GetProperty("benchmark").GetString());
        Assert.Equal(2, val.GetProperty("non_finite").GetInt32());

        Assert.Empty(json.RootElement.GetProperty("unrecognised").EnumerateArray());
        Assert.All(json.RootElement.GetProperty("runs").EnumerateArray(), run => Assert.Equal(JsonValueKind.Array, run.GetProperty("skipped").ValueKind));
    }

    [Fact]
    public void Inspect_table_names_every_run_its_canonical_names_and_what_was_skipped()
    {
        // Given
        using var scratch = new TempFolder();
        var folder = ExperimentFolder(scratch);
        scratch.Write("exp/notes.md", "# notes");

        // When
        var result = CliRun.Of("inspect", folder);

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("sft-qwen  trainer_state", result.Out, StringComparison.Ordinal);
        Assert.Contains("Apr16_15-40-45_gpu01  tensorboard", result.Out, StringComparison.Ordinal);
        Assert.Contains("grpo_gsm8k  verl_jsonl", result.Out, StringComparison.Ordinal);
        Assert.Contains("canonical: sft_train_loss, sft_val_loss, lr, flops, epoch", result.Out, StringComparison.Ordinal);
        Assert.Contains("rl_val_score (openai/gsm8k)", result.Out, StringComparison.Ordinal);
        Assert.Contains("not recognised (1 files):", result.Out, StringComparison.Ordinal);
        Assert.Contains(scratch.Combine("exp/notes.md"), result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_with_a_names_file_uses_the_users_mapping()
    {
        // Given
        using var scratch = new TempFolder();
        var log = scratch.Write("verl.jsonl", Fixtures.VerlJsonl());
        var names = scratch.Write("names.txt", "actor/entropy = my_entropy\ncritic/score/mean =\n");

        // When
        var result = CliRun.Of("inspect", log, "--names", names, "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var canonical = Canonical(json.RootElement.GetProperty("runs")[0]);
        Assert.Equal(("actor/entropy", 3), canonical["my_entropy"]);
        Assert.False(canonical.ContainsKey("rl_train_reward"));
    }

    [Fact]
    public void Inspect_of_a_binary_file_named_like_a_log_exits_1_with_one_line_and_no_stack_trace()
    {
        // Given
        using var scratch = new TempFolder();
        var file = scratch.WriteBytes("trainer_state.json", [0x00, 0x01, 0x02, 0xFF]);

        // When
        var result = CliRun.Of("inspect", file);

        // Then
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal($"headroom: {file}: byte 0: binary data (byte 0x00) where JSON or text was expected; this is not a trainer_state.json text log.\n", result.Err.Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("empty", "the folder holds no trainer log that Headroom can read.")]
    [InlineData("missing", "no such file or folder.")]
    [InlineData("notes.txt", "no reader recognises this file or folder")]
    public void Inspect_of_an_empty_folder_a_missing_path_or_an_unknown_file_exits_1_naming_the_path(string name, string message)
    {
        // Given
        using var scratch = new TempFolder();
        Directory.CreateDirectory(scratch.Combine("empty"));
        scratch.Write("notes.txt", "hello");
        var path = scratch.Combine(name);

        // When
        var result = CliRun.Of("inspect", path);

        // Then
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Err.TrimEnd().Split('\n'));
        Assert.StartsWith($"headroom: {path}: {message}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_strict_stops_at_a_truncated_line_and_lenient_counts_it()
    {
        // Given a verl log whose last line breaks off
        using var scratch = new TempFolder();
        var text = Fixtures.VerlJsonl();
        var log = scratch.Write("live.jsonl", text[..^20]);

        // When
        var strict = CliRun.Of("inspect", log, "--strict");
        var lenient = CliRun.Of("inspect", log, "--format", "json");

        // Then
        Assert.Equal(1, strict.ExitCode);
        Assert.StartsWith($"headroom: {log}: line 3: the last line breaks off", strict.Err, StringComparison.Ordinal);
        Assert.Equal(0, lenient.ExitCode);
        using var json = JsonDocument.Parse(lenient.Out);
        var skipped = json.RootElement.GetProperty("runs")[0].GetProperty("skipped")[0];
        Assert.Equal("truncated last line (a run still being written)", skipped.GetProperty("reason").GetString());
        Assert.Equal(1, skipped.GetProperty("count").GetInt32());
    }

    [Fact]
    public void Inspect_without_a_path_is_a_usage_error()
    {
        var result = CliRun.Of("inspect");
        Assert.Equal(2, result.ExitCode);
    }

    private static Dictionary<string, (string Key, int Count)> Canonical(JsonElement run)
        => run.GetProperty("series").EnumerateArray()
            .Where(s => s.GetProperty("canonical").ValueKind == JsonValueKind.String)
            .ToDictionary(s => s.GetProperty("canonical").GetString()!, s => (s.GetProperty("key").GetString()!, s.GetProperty("count").GetInt32()));
}
