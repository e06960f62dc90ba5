namespace Headroom.Core.Fitting;

/// <summary>
/// The ceiling of one branch: the decomposition A_post = P_sft + PL_rl with its fit, intervals and warnings.
/// </summary>
public sealed record BranchCeiling
{
    /// <summary>The branch label.</summary>
    public required string Group { get; init; }

    /// <summary>Score of the SFT checkpoint at the branch point.</summary>
    public required double PSft { get; init; }

    /// <summary>The post-training ceiling A_post.</summary>
    public required double APost { get; init; }

    /// <summary>The RL plasticity PL_rl = A_post - P_sft.</summary>
    public required double PLrl { get; init; }

    /// <summary>The alignment offset eps (0 unless freed; NaN for the peak method).</summary>
    public required double Eps { get; init; }

    /// <summary>Compute at half the gain (NaN for the peak method).</summary>
    public required double CMid { get; init; }

    /// <summary>Steepness (NaN for the peak method).</summary>
    public required double B { get; init; }

    /// <summary>How the ceiling was estimated.</summary>
    public required CeilingMethod Method { get; init; }

    /// <summary>The sigmoid fit (null for the peak method when no fit could be made).</summary>
    public required SigmoidFit? Fit { get; init; }

    /// <summary>Bootstrap intervals (<see cref="BootstrapResult.None"/> when off or not applicable).</summary>
    public required BootstrapResult Intervals { get; init; }

    /// <summary>The fit data: compute, with the branch point at index 0.</summary>
    public required IReadOnlyList<double> X { get; init; }

    /// <summary>The fit data: gain over P_sft.</summary>
    public required IReadOnlyList<double> Y { get; init; }

    /// <summary>Everything the user must know about this estimate.</summary>
    public required IReadOnlyList<CeilingWarning> Warnings { get; init; }

    /// <summary>The largest RL compute observed.</summary>
    public double MaxCompute => X.Count > 0 ? X[^1] : double.NaN;

    /// <summary>Number of RL evaluations (the branch point excluded).</summary>
    public int Evaluations => Math.Max(0, X.Count - 1);
}
