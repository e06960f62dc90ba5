namespace Headroom.Lab.Training;

/// <summary>
/// Every training setting of a lab run, with its default. Presets are named instances
/// (<see cref="LabPreset"/>); `--set key=value` overrides any of them by its snake_case name.
/// The resolved config is logged and saved in every checkpoint.
/// </summary>
internal sealed record TrainConfig
{
    /// <summary>Optimizer steps of the run.</summary>
    public int MaxSteps { get; init; } = 600;

    /// <summary>Sequences per step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Peak learning rate, reached at the end of warmup.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Floor of the cosine decay, reached at the last step.</summary>
    public double MinLearningRate { get; init; } = 1e-4;

    /// <summary>Steps of linear warmup from 0.</summary>
    public int WarmupSteps { get; init; } = 20;

    /// <summary>AdamW decoupled weight decay (applied to every parameter).</summary>
    public double WeightDecay { get; init; } = 0.0;

    /// <summary>AdamW β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW β2.</summary>
    public double Beta2 { get; init; } = 0.99;

    /// <summary>Gradient clipping: largest global L2 norm.</summary>
    public double GradClip { get; init; } = 1.0;

    /// <summary>Steps between evaluations; each evaluation writes a checkpoint-N folder.</summary>
    public int EvalInterval { get; init; } = 50;

    /// <summary>Steps between training-loss log entries.</summary>
    public int LogInterval { get; init; } = 10;

    /// <summary>The stopping rule (0 = off): stop once this many evaluations in a row have not lowered the best validation loss by <see cref="PlateauImprovement"/>.</summary>
    public int PlateauPatience { get; init; }

    /// <summary>The relative improvement of the best validation loss that counts as progress for <see cref="PlateauPatience"/>.</summary>
    public double PlateauImprovement { get; init; } = 0.01;

    /// <summary>
    /// With the stopping rule: once the plateau is reached (at the latest this many steps before
    /// <see cref="MaxSteps"/>), the learning rate falls linearly from its peak to <see cref="MinLearningRate"/>
    /// over this many steps, then training stops (a warmup-stable-decay schedule: the peak is held until the
    /// plateau, so where the rule fires moves the end of training, not the model it ends with). 0 = stop at
    /// the plateau, cosine schedule.
    /// </summary>
    public int CooldownSteps { get; init; }

    /// <summary>Whether evaluations sample the benchmarks (pretraining only needs the validation loss).</summary>
    public bool ScoreBenchmarks { get; init; } = true;

    /// <summary>Sampling temperature of benchmark evaluation (the paper's 0.7).</summary>
    public double Temperature { get; init; } = 0.7;

    /// <summary>Nucleus (top-p) mass of benchmark evaluation.</summary>
    public double TopP { get; init; } = 0.95;

    /// <summary>Sequences per batch when computing the validation loss.</summary>
    public int EvalBatchSize { get; init; } = 128;

    /// <summary>Prompts sampled together with the KV cache.</summary>
    public int SampleBatchSize { get; init; } = 256;
}
