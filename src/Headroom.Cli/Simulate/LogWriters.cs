using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Headroom.Cli.Simulate;

/// <summary>
/// Writes logs as trainers do: the Hugging Face Trainer's `checkpoint-N/trainer_state.json` (keys sorted, indent 2,
/// `log_history` carried forward) and verl's FileLogger JSONL (`{"step": N, "data": {...}}` per line, compact).
/// </summary>
internal static class LogWriters
{
    public static void TrainerState(string path, long globalStep, long maxSteps, double epoch, double totalFlos, long tokensSeen, IReadOnlyList<SortedDictionary<string, double>> logHistory)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNull("best_metric");
        json.WriteNull("best_model_checkpoint");
        json.WriteNumber("epoch", epoch);
        json.WriteNumber("eval_steps", 120);
        json.WriteNumber("global_step", globalStep);
        json.WriteBoolean("is_hyper_param_search", false);
        json.WriteBoolean("is_local_process_zero", true);
        json.WriteBoolean("is_world_process_zero", true);
        json.WriteStartArray("log_history");
        foreach (var entry in logHistory)
        {
            json.WriteStartObject();
            foreach (var (key, value) in entry)
            {
                if (key == "step")
                {
                    json.WriteNumber(key, (long)value);
                }
                else
                {
                    json.WriteNumber(key, value);
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("logging_steps", 40);
        json.WriteNumber("max_steps", maxSteps);
        json.WriteNumber("num_input_tokens_seen", tokensSeen);
        json.WriteNumber("num_train_epochs", 1);
        json.WriteNumber("save_steps", 120);
        json.WriteNumber("total_flos", totalFlos);
        json.WriteNumber("train_batch_size", 4);
        json.WriteNull("trial_name");
        json.WriteNull("trial_params");
        json.WriteEndObject();
    }

    public static string VerlLine(long step, IEnumerable<(string Key, double Value)> data)
    {
        var line = new StringBuilder();
        line.Append("{\"step\":").Append(step.ToString(CultureInfo.InvariantCulture)).Append(",\"data\":{");
        var first = true;
        foreach (var (key, value) in data)
        {
            line.Append(first ? string.Empty : ",").Append(JsonSerializer.Serialize(key)).Append(':')
                .Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "null");
            first = false;
        }

        return line.Append("}}\n").ToString();
    }
}
