namespace Headroom.Core.Fitting;

/// <summary>What a bootstrap interval of the ceiling says.</summary>
public enum IntervalKind
{
    /// <summary>Both ends are evidence: [low, high] at the stated level.</summary>
    TwoSided,

    /// <summary>
    /// Only the low end is evidence (A_post ≥ low): the fit or many resamples sit on the box that bounds the
    /// ceiling, or the replicates fall lopsidedly on one side of the estimate, so the high end is the box.
    /// </summary>
    LowerBound,
}
