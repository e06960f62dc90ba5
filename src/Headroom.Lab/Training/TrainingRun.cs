using Headroom.Lab.Model;
using Headroom.Lab.World;

namespace Headroom.Lab.Training;

/// <summary>Everything one training run needs: where it writes, the model shape, data, seed and threads.</summary>
/// <param name="Folder">Output folder: checkpoint-N folders, the final trainer_state.json, model.bin, config.json.</param>
/// <param name="Model">Shape of the model.</param>
/// <param name="Config">Resolved training settings.</param>
/// <param name="Train">Training examples (the loss is on the responses only).</param>
/// <param name="Validation">Held-out expert trajectories for eval_loss.</param>
/// <param name="Benchmarks">Benchmarks scored at every evaluation (if Config.ScoreBenchmarks).</param>
/// <param name="Seed">Seed of the initial weights, the data order and the evaluation sampler.</param>
/// <param name="Threads">Torch intra-op threads (results depend on it).</param>
/// <param name="InitialModel">A model.bin to start from (SFT from the base model), or null for fresh weights.</param>
/// <param name="Stage">Label of the run in progress reports ("pretrain", "sft:uniform").</param>
/// <param name="AllowChangedSettings">Resume a checkpoint even when its settings differ from <paramref name="Config"/>.</param>
/// <param name="World">The lab folder of the run's world, recorded in its checkpoints (null: none).</param>
internal sealed record TrainingRun(
    string Folder,
    LlamaConfig Model,
    TrainConfig Config,
    IReadOnlyList<Example> Train,
    IReadOnlyList<Example> Validation,
    IReadOnlyList<Benchmark> Benchmarks,
    int Seed,
    int Threads,
    string? InitialModel,
    string Stage,
    bool AllowChangedSettings = false,
    string? World = null);

/// <summary>What a finished run reports.</summary>
internal sealed record TrainingOutcome(string Folder, int Steps, bool Resumed, int ResumedFromStep, double TrainLoss, TrainerStateFile TrainerState, double Seconds);
