namespace Headroom.Core.Regimes;

/// <summary>
/// The regimes of an SFT run's checkpoints and the recommended switch point to RL.
/// </summary>
/// <param name="Status">Whether labels could be given; if not, <see cref="Checkpoints"/> is empty and the thresholds are NaN.</param>
/// <param name="Options">The thresholds used.</param>
/// <param name="MinimumLoss">L_min over the finite losses (NaN when there is none).</param>
/// <param name="Checkpoints">The labelled checkpoints in input order (those with a non-finite loss are left out and counted in <see cref="SkippedNonFinite"/>).</param>
/// <param name="RecommendedSwitch">
/// The first Stable checkpoint: the earliest one whose loss has saturated, so the switch that spends the
/// least SFT compute for a saturated loss (framework.md §4 calls Stable "the recommended SFT→RL switch point").
/// Null when nothing is labelled.
/// </param>
/// <param name="Minimum">The checkpoint with the lowest loss (the first one on a tie), reported beside the recommendation; null when nothing is labelled.</param>
/// <param name="SkippedNonFinite">How many checkpoints had a NaN or infinite loss and were skipped.</param>
/// <param name="FirstSkippedStep">The step of the first skipped checkpoint, or null.</param>
/// <param name="Warnings">What the user must know about this result, one sentence each.</param>
public sealed record RegimeAnalysis(
    RegimeStatus Status,
    RegimeOptions Options,
    double MinimumLoss,
    IReadOnlyList<CheckpointRegime> Checkpoints,
    CheckpointRegime? RecommendedSwitch,
    CheckpointRegime? Minimum,
    int SkippedNonFinite,
    double? FirstSkippedStep,
    IReadOnlyList<string> Warnings)
{
    /// <summary>(1+δ) L_min: losses at or below it are Stable (NaN when unlabelled).</summary>
    public double StableThreshold => Status == RegimeStatus.Labelled ? (1 + Options.Delta) * MinimumLoss : double.NaN;

    /// <summary>(1+δ₂) L_min: after the last Stable checkpoint, losses at or above it are Severe (NaN when unlabelled).</summary>
    public double SevereThreshold => Status == RegimeStatus.Labelled ? (1 + Options.Delta2) * MinimumLoss : double.NaN;

    /// <summary>True when the labels were computed from the minimum so far of a live run and may change.</summary>
    public bool Provisional => Options.Provisional;
}
