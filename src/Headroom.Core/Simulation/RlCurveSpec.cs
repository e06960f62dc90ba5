using Headroom.Core.Fitting;

namespace Headroom.Core.Simulation;

/// <summary>The ground truth and measurement model of one simulated RL branch.</summary>
public sealed record RlCurveSpec
{
    /// <summary>The true score of the SFT checkpoint the branch starts from.</summary>
    public required double PSft { get; init; }

    /// <summary>The true law: the gain over <see cref="PSft"/> at RL compute x.</summary>
    public required SigmoidParameters Truth { get; init; }

    /// <summary>The RL compute of the last evaluation (evaluations are evenly spaced up to it).</summary>
    public required double MaxCompute { get; init; }

    /// <summary>Number of RL evaluations (the branch point is not counted).</summary>
    public int Points { get; init; } = 20;

    /// <summary>Standard deviation of the benchmark noise, in score points (also applies to the measured P_sft).</summary>
    public double NoiseSd { get; init; } = 0.8;

    /// <summary>Probability that an evaluation is an outlier (a broken eval, a reward bug).</summary>
    public double OutlierRate { get; init; }

    /// <summary>Outliers add ±(3 to 6) × this many noise standard deviations.</summary>
    public double OutlierScale { get; init; } = 1;

    /// <summary>The true ceiling A_post = P_sft + PL.</summary>
    public double APost => PSft + Truth.PL;
}
