using System.Globalization;
using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

/// <summary>`headroom regimes` reading the validation loss straight from the logs a trainer wrote.</summary>
public sealed class RegimesFromLogsTests : IDisposable
{
    // The series of RegimesCommandTests: L_min = 0.50 at step 500, so Stable <= 0.51 and Severe >= 0.55
    // after the last Stable; step 600's evaluation is NaN.
    private static readonly (int Step, double Loss)[] _evaluations =
        [(100, 1.00), (200, 0.70), (300, 0.55), (400, 0.505), (500, 0.50), (600, double.NaN), (700, 0.53), (800, 0.58)];

    private static readonly string[] _expectedLabels =
        ["adaptive", "adaptive", "adaptive", "stable", "stable", "mild_overfitting", "severe_overfitting"];

    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// A trainer_state.json as transformers' Trainer writes it (json.dumps, indent 2, sorted keys, bare NaN for a
    /// NaN metric): a training-loss entry and, per evaluation, an `eval_&lt;set&gt;loss` entry, up to <paramref name="lastStep"/>.
    /// </summary>
    private static string TrainerState(int lastStep, params string[] evalSets)
    {
        var entries = new List<string>();
        foreach (var (step, loss) in _evaluations.Where(e => e.Step <= lastStep))
        {
            entries.Add($"{{\"epoch\": {F(step / 400.0)}, \"learning_rate\": 1e-05, \"loss\": {F(1.5 - (step / 1000.0))}, \"step\": {step}}}");
            var index = 0;
            foreach (var set in evalSets)
            {
                // A second eval set sits 0.1 higher: same labels, another minimum.
                var value = double.IsNaN(loss) ? "NaN" : F(loss + (0.1 * index++));
                entries.Add($"{{\"epoch\": {F(step / 400.0)}, \"eval_{set}loss\": {value}, \"eval_{set}runtime\": 2.5, \"step\": {step}}}");
            }
        }

        return $"{{\n  \"epoch\": {F(lastStep / 400.0)},\n  \"global_step\": {lastStep},\n  \"log_history\": [\n    {string.Join(",\n    ", entries)}\n  ],\n  \"max_steps\": 800\n}}\n";
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string[] Labels(CliResult result)
        => [.. result.Json.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("regime").GetString()!)];

    [Fact]
    public void An_hf_run_folder_with_checkpoints_gives_the_labels_of_its_eval_loss()
    {
        // Given: the run root and two checkpoints, as Trainer leaves them (checkpoint-400 holds the first half)
        _files.Write("sft/checkpoint-400/trainer_state.json", TrainerState(400, string.Empty));
        _files.Write("sft/checkpoint-800/trainer_state.json", TrainerState(800, string.Empty));
        _files.Write("sft/trainer_state.json", TrainerState(800, string.Empty));

        // When
        var result = CliResult.Run("regimes", _files.Combine("sft"), "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(_expectedLabels, Labels(result));
        var json = result.Json;
        Assert.Equal("trainer_state", json.GetProperty("format").GetString());
        Assert.Equal("eval_loss", json.GetProperty("loss_column").GetString());
        Assert.Equal(_files.Combine("sft"), json.GetProperty("file").GetString());
        Assert.Equal(400, json.GetProperty("recommended_switch").GetProperty("step").GetDouble());
        Assert.Equal(600, json.GetProperty("first_skipped_step").GetDouble());
    }

    [Fact]
    public void Two_logs_of_one_run_are_merged_by_step_and_regimes_names_both_sources()
    {
        // Given the final state saved at step 500 and ms-swift's logging.jsonl of the same run, written to step 800
        _files.Write("sft/trainer_state.json", TrainerState(500, string.Empty));
        _files.Write("sft/logging.jsonl", string.Concat(_evaluations.Select(e =>
            $"{{\"eval_loss\": {(double.IsNaN(e.Loss) ? "NaN" : F(e.Loss))}, \"global_step/max_steps\": \"{e.Step}/800\", \"epoch\": {F(e.Step / 400.0)}}}\n")));

        // When
        var result = CliResult.Run("regimes", _files.Combine("sft"), "--format", "json");

        // Then the labels of all eight evaluations, and the two logs named
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(_expectedLabels, Labels(result));
        Assert.Equal("trainer_state + ms_swift_log", result.Json.GetProperty("format").GetString());
        Assert.Equal($"{_files.Combine("sft")} + {_files.Combine("sft/logging.jsonl")}", result.Json.GetProperty("file").GetString());
        Assert.Contains(result.ErrorLines, l => l.StartsWith("warning: 'eval_loss' merged from 2 logs of one run", StringComparison.Ordinal) && l.Contains("0 differ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tensorboard_file_gives_the_same_labels()
    {
        // Given: eval/loss as Trainer's TensorBoard callback logs it, and a training loss beside it
        var scalars = _evaluations.SelectMany(e => new[] { ("train/loss", (long)e.Step, 1.2f), ("eval/loss", (long)e.Step, (float)e.Loss) });
        _files.WriteBytes("runs/Nov26_10-00-00_host/events.out.tfevents.1764151200.host.1.0", Fixtures.EventFile(scalars));

        // When
        var result = CliResult.Run("regimes", _files.Combine("runs"), "--format", "json");

        // Then: float32 values, so L_min is 0.5 exactly and 0.505 stays inside the band
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(_expectedLabels, Labels(result));
        Assert.Equal("tensorboard", result.Json.GetProperty("format").GetString());
        Assert.Equal("eval/loss", result.Json.GetProperty("loss_column").GetString());
    }

    [Fact]
    public void A_run_folder_is_preferred_over_runs_below_it()
    {
        // Given: a run whose folder also holds another run's logs (e.g. the base model it started from), whose minimum is 0.45
        _files.Write("sft/trainer_state.json", TrainerState(800, string.Empty));
        var baseRun = _files.Write("sft/base/trainer_state.json", TrainerState(800, string.Empty).Replace("\"eval_loss\": 0.5,", "\"eval_loss\": 0.45,", StringComparison.Ordinal));
        Assert.Contains("\"eval_loss\": 0.45,", File.ReadAllText(baseRun), StringComparison.Ordinal);

        // When
        var result = CliResult.Run("regimes", _files.Combine("sft") + "/", "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(_files.Combine("sft"), result.Json.GetProperty("file").GetString()!.TrimEnd('/'));
        Assert.Equal(0.50, result.Json.GetProperty("minimum_loss").GetDouble());
    }

    [Fact]
    public void What_the_reader_skipped_is_counted_on_stderr()
    {
        // Given: a text value where Trainer logs numbers (a callback adding a note to the log)
        var path = _files.Write("sft/trainer_state.json", TrainerState(800, string.Empty).Replace("\"eval_runtime\": 2.5, \"step\": 300", "\"eval_runtime\": 2.5, \"note\": \"lr drop\", \"step\": 300", StringComparison.Ordinal));

        // When
        var result = CliResult.Run("regimes", path, "--format", "json");

        // Then: the labels are unchanged and the skipped value is reported
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(_expectedLabels, Labels(result));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("warning: non-numeric value of 'note': 1 skipped (first at ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_table_names_the_run_and_the_key_it_read()
    {
        // Given
        var path = _files.Write("sft/trainer_state.json", TrainerState(800, string.Empty));

        // When
        var result = CliResult.Run("regimes", path);

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"sft (trainer_state, validation loss 'eval_loss'): {path}", result.Output, StringComparison.Ordinal);
        Assert.Contains("Recommended switch to RL: step 400", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_eval_sets_need_loss_to_name_one()
    {
        // Given: eval_gsm_loss and eval_math_loss (math 0.1 higher)
        var path = _files.Write("sft/trainer_state.json", TrainerState(800, "gsm_", "math_"));

        // When
        var ambiguous = CliResult.Run("regimes", path);
        var chosen = CliResult.Run("regimes", path, "--loss", "eval_math_loss", "--format", "json");

        // Then
        Assert.Equal(
            $"headroom: {path}: several series match 'sft_val_loss' (sft: eval_gsm_loss; sft: eval_math_loss); name one with --loss KEY, or give one run's folder or file.",
            ambiguous.AssertBadInput());
        Assert.Equal(0, chosen.ExitCode);
        Assert.Equal(0.60, chosen.Json.GetProperty("minimum_loss").GetDouble(), 12);
        Assert.Equal("eval_math_loss", chosen.Json.GetProperty("loss_column").GetString());
    }

    [Fact]
    public void A_run_without_a_validation_loss_fails_listing_its_keys()
    {
        // Given: training entries only
        var path = _files.Write("sft/trainer_state.json", TrainerState(800));

        // When
        var result = CliResult.Run("regimes", path);

        // Then
        var line = result.AssertBadInput();
        Assert.StartsWith($"headroom: {path}: no series 'sft_val_loss' (the canonical SFT validation loss, e.g. HF's eval_loss) in the logs found there; name one with --loss KEY. Keys found: ", line, StringComparison.Ordinal);
        Assert.Contains("loss", line.Split("Keys found: ")[1].TrimEnd('.').Split(", "));
    }

    [Fact]
    public void A_non_positive_logged_loss_fails_naming_run_key_and_step()
    {
        // Given
        var path = _files.Write("sft/trainer_state.json", TrainerState(800, string.Empty).Replace("\"eval_loss\": 0.53", "\"eval_loss\": -0.53", StringComparison.Ordinal));

        // When
        var result = CliResult.Run("regimes", path);

        // Then
        Assert.Equal(
            $"headroom: {path} (run sft, key 'eval_loss'): step 700: loss -0.53 is not positive; regimes compare losses relative to the minimum, so they must be above 0.",
            result.AssertBadInput());
    }

    [Fact]
    public void A_plain_csv_without_columns_is_told_to_name_them()
    {
        // Given
        var path = _files.Write("run.csv", "sft_step,val_loss\n100,0.5\n");

        // When
        var withoutColumns = CliResult.Run("regimes", path);
        var stepOnly = CliResult.Run("regimes", path, "--step", "sft_step");

        // Then
        Assert.Equal($"headroom: {path}: not a trainer log Headroom recognises; for a plain CSV name the columns with --step and --loss.", withoutColumns.AssertBadInput());
        Assert.Equal($"headroom: {path}: --step names a CSV column, so --loss must name the validation-loss column too.", stepOnly.AssertBadInput());
    }
}
