using System.Text.Json;
using Headroom.Lab.Training;

namespace Headroom.Lab.Tests.Training;

public sealed class TrainerStateFileTests
{
    [Fact]
    public void The_documented_HF_layout_round_trips_and_keeps_keys_sorted_as_sort_keys_True_writes_them()
    {
        // Given a state with the three log_history entry shapes
        SortedDictionary<string, double> training = new(StringComparer.Ordinal) { ["epoch"] = 0.5, ["grad_norm"] = 1.25, ["learning_rate"] = 1e-3, ["loss"] = 0.75, ["num_input_tokens_seen"] = 6400, ["step"] = 10 };
        SortedDictionary<string, double> evaluation = new(StringComparer.Ordinal) { ["epoch"] = 1, ["eval_arith"] = 0.5, ["eval_headline"] = 0.4, ["eval_loss"] = 0.625, ["eval_runtime"] = 2.5, ["step"] = 20 };
        SortedDictionary<string, double> summary = new(StringComparer.Ordinal) { ["epoch"] = 1, ["step"] = 20, ["total_flos"] = 1.5e12, ["train_loss"] = 0.875, ["train_runtime"] = 9.5 };
        var state = new TrainerStateFile(20, 20, 10, 20, 32, 1.0, 1, 12800, 1.5e12, [training, evaluation, summary]);
        var path = Path.Combine(TinyRuns.NewFolder(), "trainer_state.json");

        // When written and read back
        state.Write(path);
        var read = TrainerStateFile.Read(path);
        using var json = JsonDocument.Parse(File.ReadAllText(path));

        // Then every number survives, keys are sorted, and the best metric is the lowest eval_loss
        Assert.Equal(state.LogHistory, read.LogHistory);
        Assert.Equal((state.GlobalStep, state.MaxSteps, state.LoggingSteps, state.EvalSteps, state.TrainBatchSize, state.NumInputTokensSeen, state.TotalFlos), (read.GlobalStep, read.MaxSteps, read.LoggingSteps, read.EvalSteps, read.TrainBatchSize, read.NumInputTokensSeen, read.TotalFlos));
        var keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Contains("log_history", keys);
        Assert.Equal(0.625, json.RootElement.GetProperty("best_metric").GetDouble());
        Assert.Equal("checkpoint-20", json.RootElement.GetProperty("best_model_checkpoint").GetString());
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("log_history")[0].GetProperty("step").ValueKind);
        Assert.Equal("10", json.RootElement.GetProperty("log_history")[0].GetProperty("step").GetRawText());
    }

    [Fact]
    public void A_non_finite_loss_is_written_as_null_so_the_file_stays_valid_JSON()
    {
        // Given a diverged loss
        SortedDictionary<string, double> entry = new(StringComparer.Ordinal) { ["loss"] = double.NaN, ["step"] = 1 };
        var path = Path.Combine(TinyRuns.NewFolder(), "trainer_state.json");

        // When
        new TrainerStateFile(1, 1, 1, 1, 1, 0, 1, 0, 0, [entry]).Write(path);

        // Then
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("log_history")[0].GetProperty("loss").ValueKind);
    }
}
