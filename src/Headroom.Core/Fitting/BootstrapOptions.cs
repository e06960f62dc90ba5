namespace Headroom.Core.Fitting;

/// <summary>Settings of the residual bootstrap (see <see cref="SigmoidBootstrap"/>).</summary>
public sealed record BootstrapOptions
{
    /// <summary>1000 resamples, seed 0, 95% intervals, every core.</summary>
    public static BootstrapOptions Default { get; } = new();

    /// <summary>Number of resamples; 0 turns the bootstrap off.</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>Seed; resample i always uses the same random stream, whatever the thread count.</summary>
    public int Seed { get; init; }

    /// <summary>Confidence level of the percentile intervals.</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>
    /// Draw the noise scale of each resample from its sampling law instead of fixing it at the estimate
    /// (default true): accounts for estimating σ from a handful of residuals.
    /// </summary>
    public bool UncertainNoiseScale { get; init; } = true;

    /// <summary>Worker threads (0 = all cores). Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Treat P_sft as a measurement with the same noise as the RL scores (default true): each resample also
    /// perturbs the branch score, which moves both the gains and A_post = P_sft + PL.
    /// </summary>
    public bool PerturbBranchScore { get; init; } = true;
}
