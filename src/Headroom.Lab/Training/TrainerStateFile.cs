using System.Text.Json;
using System.Text.Json.Nodes;

namespace Headroom.Lab.Training;

/// <summary>
/// The Hugging Face Trainer's `trainer_state.json` (transformers `TrainerState`, written with
/// sort_keys=True): top-level counters plus `log_history`, a list of flat entries of three shapes
/// (training: loss, grad_norm, learning_rate, epoch, step, num_input_tokens_seen; evaluation:
/// eval_loss, eval_&lt;benchmark&gt;, eval_runtime, epoch, step; final summary: train_loss,
/// train_runtime, total_flos, ...). Non-finite values are written as null.
/// </summary>
internal sealed record TrainerStateFile(
    int GlobalStep,
    int MaxSteps,
    int LoggingSteps,
    int EvalSteps,
    int TrainBatchSize,
    double Epoch,
    int NumTrainEpochs,
    long NumInputTokensSeen,
    double TotalFlos,
    IReadOnlyList<SortedDictionary<string, double>> LogHistory)
{
    /// <summary>The file name real trainers use.</summary>
    public const string FileName = "trainer_state.json";

    /// <summary>The lowest eval_loss logged, or null.</summary>
    public double? BestMetric => LogHistory.Where(e => e.ContainsKey("eval_loss")).Select(e => (double?)e["eval_loss"]).Min();

    /// <summary>The step of the lowest eval_loss, or null.</summary>
    public int? BestGlobalStep => LogHistory.Where(e => e.ContainsKey("eval_loss")).OrderBy(e => e["eval_loss"]).Select(e => (int?)(int)e["step"]).FirstOrDefault();

    public void Write(string path)
    {
        var root = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["best_global_step"] = BestGlobalStep,
            ["best_metric"] = BestMetric,
            ["best_model_checkpoint"] = BestGlobalStep is { } best ? $"checkpoint-{best}" : null,
            ["epoch"] = Epoch,
            ["eval_steps"] = EvalSteps,
            ["global_step"] = GlobalStep,
            ["is_hyper_param_search"] = false,
            ["is_local_process_zero"] = true,
            ["is_world_process_zero"] = true,
            ["log_history"] = new JsonArray([.. LogHistory.Select(Entry)]),
            ["logging_steps"] = LoggingSteps,
            ["max_steps"] = MaxSteps,
            ["num_input_tokens_seen"] = NumInputTokensSeen,
            ["num_train_epochs"] = NumTrainEpochs,
            ["save_steps"] = EvalSteps,
            ["total_flos"] = TotalFlos,
            ["train_batch_size"] = TrainBatchSize,
            ["trial_name"] = null,
            ["trial_params"] = null,
        };
        File.WriteAllText(path, new JsonObject(root).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Reads a file this type wrote (used to resume); entries keep their numeric fields. A damaged file is a <see cref="LabException"/> naming it.</summary>
    public static TrainerStateFile Read(string path)
    {
        var root = LabFiles.ReadJsonObject(path, "trainer state");
        return LabFiles.Field(path, () => new TrainerStateFile(
            (int)root["global_step"]!, (int)root["max_steps"]!, (int)root["logging_steps"]!, (int)root["eval_steps"]!, (int)root["train_batch_size"]!,
            (double)root["epoch"]!, (int)root["num_train_epochs"]!, (long)root["num_input_tokens_seen"]!, (double)root["total_flos"]!,
            [.. root["log_history"]!.AsArray().Select(e => new SortedDictionary<string, double>(
                e!.AsObject().Where(p => p.Value?.GetValueKind() == JsonValueKind.Number).ToDictionary(p => p.Key, p => (double)p.Value!), StringComparer.Ordinal))]), "trainer state");
    }

    private static JsonNode Entry(SortedDictionary<string, double> entry)
        => new JsonObject(entry.Select(p => KeyValuePair.Create(p.Key, p.Key == "step" ? JsonValue.Create((long)p.Value) : Finite(p.Value))));

    private static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
