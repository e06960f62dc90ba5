namespace Headroom.Ingest.Tests.Data;

/// <summary>
/// Reproduces what the Hugging Face Trainer writes to `trainer_state.json`: `Trainer.log` sets `logs["epoch"]`
/// (rounded to 2 decimals before transformers 4.38), appends `{**logs, "step": global_step}` to
/// `state.log_history`, and `TrainerState.save_to_json` writes `json.dumps(asdict(state), indent=2,
/// sort_keys=True) + "\n"`. The top-level fields follow the version: 4.28 (2023) has no `logging_steps`,
/// `eval_steps`, `save_steps`, `stateful_callbacks`, and logs no `grad_norm`; 4.46 adds them; 4.51 adds
/// `best_global_step`.
/// </summary>
internal sealed class HfTrainerSimulation(HfTrainerSimulation.Version version, int loggingSteps = 10, int evalSteps = 50, int maxSteps = 200)
{
    public enum Version
    {
        V4_28,
        V4_46,
        V4_51,
    }

    public List<Dictionary<string, object?>> LogHistory { get; } = [];

    public long GlobalStep { get; private set; }

    public double Epoch { get; private set; }

    public double TotalFlos { get; private set; }

    public long TokensSeen { get; private set; }

    public int StepsPerEpoch { get; init; } = 100;

    /// <summary>FLOPs per optimizer step (6·N·tokens of one batch).</summary>
    public double FlosPerStep { get; init; } = 6 * 1.1e9 * 4096;

    /// <summary>Advances one optimizer step.</summary>
    public void Step(int tokens = 4096)
    {
        GlobalStep++;
        Epoch = (double)GlobalStep / StepsPerEpoch;
        TotalFlos += FlosPerStep;
        TokensSeen += tokens;
    }

    /// <summary>`Trainer.log(logs)` as the version does it.</summary>
    public void Log(Dictionary<string, object?> logs)
    {
        logs["epoch"] = version == Version.V4_28 ? Math.Round(Epoch, 2, MidpointRounding.ToEven) : Epoch;
        var output = new Dictionary<string, object?>(logs) { ["step"] = GlobalStep };
        LogHistory.Add(output);
    }

    /// <summary>The loss the simulated run logs at a step (rounded to 4 decimals as `Trainer._maybe_log_save_evaluate` does).</summary>
    public static double TrainLoss(long step) => Math.Round(0.6 + (1.8 * Math.Exp(-step / 60.0)), 4);

    public static double EvalLoss(long step) => 0.7 + (1.7 * Math.Exp(-step / 70.0));

    public static double LearningRate(long step, int maxSteps) => 2e-5 * (1 - ((double)step / maxSteps));

    /// <summary>Runs an SFT job to <paramref name="untilStep"/>: train logs every logging_steps, evals every eval_steps, the final summary at max_steps.</summary>
    public void RunSft(long untilStep, Func<long, double>? gradNorm = null, string[]? evalSets = null)
    {
        while (GlobalStep < untilStep)
        {
            Step();
            if (GlobalStep % loggingSteps == 0)
            {
                var logs = new Dictionary<string, object?> { ["loss"] = TrainLoss(GlobalStep), ["learning_rate"] = LearningRate(GlobalStep, maxSteps) };
                if (version != Version.V4_28)
                {
                    logs["grad_norm"] = gradNorm?.Invoke(GlobalStep) ?? (1.0 + (0.001 * GlobalStep));
                }

                Log(logs);
            }

            if (GlobalStep % evalSteps == 0)
            {
                foreach (var set in evalSets ?? [string.Empty])
                {
                    var prefix = set.Length == 0 ? "eval_" : $"eval_{set}_";
                    var offset = set.Length * 0.01;
                    Log(new Dictionary<string, object?>
                    {
                        [$"{prefix}loss"] = EvalLoss(GlobalStep) + offset,
                        [$"{prefix}runtime"] = 9.31,
                        [$"{prefix}samples_per_second"] = 53.7,
                        [$"{prefix}steps_per_second"] = 6.71,
                    });
                }
            }

            if (GlobalStep == maxSteps)
            {
                Log(new Dictionary<string, object?>
                {
                    ["total_flos"] = TotalFlos,
                    ["train_loss"] = 1.0123,
                    ["train_runtime"] = 812.5,
                    ["train_samples_per_second"] = 15.75,
                    ["train_steps_per_second"] = 0.246,
                });
            }
        }
    }

    /// <summary>`asdict(self.state)` for the version.</summary>
    public Dictionary<string, object?> State()
    {
        var state = new Dictionary<string, object?>
        {
            ["best_metric"] = null,
            ["best_model_checkpoint"] = null,
            ["epoch"] = Epoch,
            ["global_step"] = GlobalStep,
            ["is_hyper_param_search"] = false,
            ["is_local_process_zero"] = true,
            ["is_world_process_zero"] = true,
            ["log_history"] = LogHistory.Select(entry => (object?)new Dictionary<string, object?>(entry)).ToList(),
            ["max_steps"] = (long)maxSteps,
            ["num_train_epochs"] = (long)Math.Ceiling((double)maxSteps / StepsPerEpoch),
            ["total_flos"] = TotalFlos,
            ["trial_name"] = null,
            ["trial_params"] = null,
        };
        if (version != Version.V4_28)
        {
            state["logging_steps"] = (long)loggingSteps;
            state["eval_steps"] = (long)evalSteps;
            state["save_steps"] = 100L;
            state["num_input_tokens_seen"] = TokensSeen;
            state["train_batch_size"] = 8L;
            state["stateful_callbacks"] = new Dictionary<string, object?>
            {
                ["TrainerControl"] = new Dictionary<string, object?>
                {
                    ["args"] = new Dictionary<string, object?> { ["should_epoch_stop"] = false, ["should_evaluate"] = false, ["should_log"] = false, ["should_save"] = true, ["should_training_stop"] = GlobalStep == maxSteps },
                    ["attributes"] = new Dictionary<string, object?>(),
                },
            };
        }

        if (version == Version.V4_51)
        {
            state["best_global_step"] = null;
        }

        return state;
    }

    /// <summary>`TrainerState.save_to_json`.</summary>
    public string SaveToJson() => PythonJson.Dumps(State(), indent: 2, sortKeys: true) + "\n";
}
