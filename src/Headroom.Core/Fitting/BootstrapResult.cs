namespace Headroom.Core.Fitting;

/// <summary>Percentile intervals of the residual bootstrap.</summary>
public sealed record BootstrapResult
{
    /// <summary>An empty result (bootstrap off or impossible).</summary>
    public static BootstrapResult None { get; } = new()
    {
        APost = Interval.None,
        PL = Interval.None,
        CMid = Interval.None,
        B = Interval.None,
        Resamples = 0,
        Failed = 0,
        Level = double.NaN,
        APostKind = IntervalKind.TwoSided,
        AtBoundFraction = double.NaN,
        BelowEstimateFraction = double.NaN,
    };

    /// <summary>Interval of the ceiling A_post = P_sft + PL.</summary>
    public required Interval APost { get; init; }

    /// <summary>Interval of the plasticity PL_rl.</summary>
    public required Interval PL { get; init; }

    /// <summary>Interval of C_mid.</summary>
    public required Interval CMid { get; init; }

    /// <summary>Interval of the steepness B.</summary>
    public required Interval B { get; init; }

    /// <summary>Resamples that produced a fit.</summary>
    public required int Resamples { get; init; }

    /// <summary>Resamples whose fit failed (excluded from the intervals).</summary>
    public required int Failed { get; init; }

    /// <summary>Confidence level.</summary>
    public required double Level { get; init; }

    /// <summary>Whether <see cref="APost"/> is a two-sided interval or only a lower bound (see <see cref="IntervalKind"/>).</summary>
    public IntervalKind APostKind { get; init; } = IntervalKind.TwoSided;

    /// <summary>The fraction of resamples whose fit hit a bound of the ceiling (see <see cref="SigmoidFit.CeilingAtBound"/>); NaN when not applicable.</summary>
    public double AtBoundFraction { get; init; } = double.NaN;

    /// <summary>The fraction of A_post replicates below the estimate (0.5 for a centred bootstrap); NaN when not applicable.</summary>
    public double BelowEstimateFraction { get; init; } = double.NaN;

    /// <summary>
    /// The parameters of every resample that produced a fit, in resample order, each with the shift of the branch
    /// score it drew (so its ceiling is P_sft + shift + PL): for bands and intervals of quantities derived from the law.
    /// </summary>
    public IReadOnlyList<BootstrapReplicate> Replicates { get; init; } = [];

    /// <summary>Equal when every interval, count and replicate is equal (the replicates compared in order, not by reference).</summary>
    public bool Equals(BootstrapResult? other)
        => other is not null
            && APost == other.APost && PL == other.PL && CMid == other.CMid && B == other.B
            && Resamples == other.Resamples && Failed == other.Failed && Level.Equals(other.Level)
            && APostKind == other.APostKind && AtBoundFraction.Equals(other.AtBoundFraction) && BelowEstimateFraction.Equals(other.BelowEstimateFraction)
            && Replicates.SequenceEqual(other.Replicates);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(APost, PL, CMid, B, Resamples, Failed, Level, Replicates.Count);
}
