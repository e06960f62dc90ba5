namespace Headroom.Core.Simulation;

/// <summary>
/// The ground truth of a simulated SFT-then-RL study on one dataset, shaped like the paper's SFT889K study:
/// an SFT run whose validation loss falls, saturates and then overfits, and RL branches from some of its
/// checkpoints whose ceiling peaks near the saturated loss and falls with severe overfitting.
/// </summary>
public sealed record StudySpec
{
    /// <summary>A study shaped like the paper's SFT889K run (scores in points, compute in EF).</summary>
    public static StudySpec Default { get; } = new();

    /// <summary>Dataset name written into the files.</summary>
    public string Name { get; init; } = "sft";

    /// <summary>SFT steps in the run.</summary>
    public int Steps { get; init; } = 3600;

    /// <summary>A checkpoint (with a validation loss and a score) every this many steps.</summary>
    public int CheckpointInterval { get; init; } = 120;

    /// <summary>SFT compute per step, EF (the paper's SFT889K: 0.097 EF per step on Qwen2.5-7B).</summary>
    public double SftComputePerStep { get; init; } = 0.097;

    /// <summary>RL branches start from every this many checkpoints (plus a Pure-RL branch from step 0).</summary>
    public int BranchEvery { get; init; } = 5;

    /// <summary>Base model score P0.</summary>
    public double BaseScore { get; init; } = 46.7;

    /// <summary>The SFT score the run saturates towards.</summary>
    public double SftScoreCeiling { get; init; } = 77;

    /// <summary>Validation loss at step 0.</summary>
    public double InitialLoss { get; init; } = 0.95;

    /// <summary>The lowest validation loss the data allow (the dataset's quality: lower is better data).</summary>
    public double LossFloor { get; init; } = 0.37;

    /// <summary>Fraction of the run after which the model starts to overfit.</summary>
    public double OverfitFrom { get; init; } = 0.55;

    /// <summary>Validation loss at the end of the run relative to the floor (1.15 = ends in Severe overfitting).</summary>
    public double FinalLossRatio { get; init; } = 1.15;

    /// <summary>The best post-training ceiling reachable from this dataset (at a well-saturated checkpoint).</summary>
    public double BestCeiling { get; init; } = 84;

    /// <summary>The ceiling of RL from the base model.</summary>
    public double PureRlCeiling { get; init; } = 72;

    /// <summary>Ceiling points lost per unit of relative loss excess (L / L_min - 1) once overfitting.</summary>
    public double OverfitPenalty { get; init; } = 40;

    /// <summary>Typical C_mid of the RL branches, EF.</summary>
    public double TypicalCMid { get; init; } = 10;

    /// <summary>Typical steepness B of the RL branches.</summary>
    public double TypicalB { get; init; } = 1.6;

    /// <summary>RL evaluations per branch.</summary>
    public int RlPoints { get; init; } = 24;

    /// <summary>RL compute of the last evaluation, in multiples of the branch's C_mid.</summary>
    public double RlSpan { get; init; } = 5;

    /// <summary>Benchmark noise, in score points.</summary>
    public double NoiseSd { get; init; } = 0.8;

    /// <summary>Validation-loss noise, relative.</summary>
    public double LossNoise { get; init; } = 0.002;

    /// <summary>Probability that an RL evaluation is an outlier.</summary>
    public double OutlierRate { get; init; } = 0.04;
}
