using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Headroom.Cli.Tests.Data;

/// <summary>
/// Writes an HF Trainer's SFT run folder the way the Trainer does while it trains: a `checkpoint-N/trainer_state.json`
/// at each save (its log_history up to N, indented as Python's json.dump writes it) and the run's own
/// `trainer_state.json` when training ends.
/// </summary>
internal sealed class LiveHfRun(string folder, int maxSteps)
{
    private readonly SortedDictionary<long, double> _evalLoss = [];

    public string Folder { get; } = folder;

    public string CheckpointFolder(long step) => Path.Combine(Folder, $"checkpoint-{step.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Records an evaluation (or changes one, as a restarted run would).</summary>
    public void Evaluate(long step, double loss) => _evalLoss[step] = loss;

    /// <summary>The text of the state the Trainer saves at <paramref name="step"/>.</summary>
    public string State(long step)
    {
        var history = new JsonArray();
        foreach (var (at, loss) in _evalLoss.Where(e => e.Key <= step))
        {
            history.Add(new JsonObject { ["epoch"] = at / 100.0, ["loss"] = Math.Round(loss + 0.05, 4), ["step"] = at });
            history.Add(new JsonObject { ["epoch"] = at / 100.0, ["eval_loss"] = loss, ["eval_runtime"] = 1.5, ["step"] = at });
        }

        var state = new JsonObject
        {
            ["best_metric"] = null,
            ["epoch"] = step / 100.0,
            ["eval_steps"] = 100,
            ["global_step"] = step,
            ["log_history"] = history,
            ["logging_steps"] = 100,
            ["max_steps"] = maxSteps,
            ["save_steps"] = 100,
        };
        return state.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Saves checkpoint-<paramref name="step"/>; <paramref name="fraction"/> &lt; 1 leaves its state cut short, as a crash or a slow write does.</summary>
    public string SaveCheckpoint(long step, double fraction = 1)
    {
        var folder = CheckpointFolder(step);
        Directory.CreateDirectory(folder);
        var text = State(step);
        var file = Path.Combine(folder, "trainer_state.json");
        File.WriteAllText(file, text[..(int)(text.Length * fraction)]);
        return file;
    }

    /// <summary>What the Trainer writes when training ends: the run's own trainer_state.json.</summary>
    public void EndTraining(long step) => File.WriteAllText(Path.Combine(Folder, "trainer_state.json"), State(step));
}
