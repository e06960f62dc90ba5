namespace Headroom.Ingest.Tests.Data;

/// <summary>
/// Reproduces LLaMA-Factory's `LogCallback.on_log` (`src/llamafactory/train/callbacks.py`): builds
/// `dict(current_steps, total_steps, loss, eval_loss, predict_loss, reward, accuracy, lr|learning_rate, epoch,
/// percentage=round(cur/max*100, 2), elapsed_time=str(timedelta(seconds=int(elapsed))), remaining_time)` from the
/// last log_history entry, adds `throughput`/`total_tokens` when tokens are counted, drops None values
/// (2024+; the 2023 version kept them as null and named the rate `learning_rate`), and appends
/// `json.dumps(logs) + "\n"` to trainer_log.jsonl.
/// </summary>
internal sealed class LlamaFactoryLogCallback(int totalSteps, bool version2023 = false)
{
    private readonly System.Text.StringBuilder _file = new();

    public string Text => _file.ToString();

    public void OnLog(int step, Dictionary<string, object?> lastLog, long elapsedSeconds, long? tokensSeen = null)
    {
        var remaining = step == 0 ? 0 : (long)(elapsedSeconds * (double)(totalSteps - step) / step);
        var logs = new Dictionary<string, object?>
        {
            ["current_steps"] = (long)step,
            ["total_steps"] = (long)totalSteps,
            ["loss"] = lastLog.GetValueOrDefault("loss"),
            ["eval_loss"] = lastLog.GetValueOrDefault("eval_loss"),
            ["predict_loss"] = lastLog.GetValueOrDefault("predict_loss"),
            ["reward"] = lastLog.GetValueOrDefault("reward"),
        };
        if (!version2023)
        {
            logs["accuracy"] = lastLog.GetValueOrDefault("rewards/accuracies");
        }

        logs[version2023 ? "learning_rate" : "lr"] = lastLog.GetValueOrDefault("learning_rate");
        logs["epoch"] = lastLog.GetValueOrDefault("epoch");
        logs["percentage"] = Math.Round(step / (double)totalSteps * 100, 2, MidpointRounding.ToEven);
        logs["elapsed_time"] = PythonTime.Timedelta(elapsedSeconds);
        logs["remaining_time"] = PythonTime.Timedelta(remaining);
        if (tokensSeen is { } tokens && !version2023)
        {
            logs["throughput"] = Math.Round(tokens / (double)Math.Max(1, elapsedSeconds), 2);
            logs["total_tokens"] = tokens;
        }

        if (!version2023)
        {
            logs = logs.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value);
        }

        _file.Append(PythonJson.Dumps(logs)).Append('\n');
    }
}
