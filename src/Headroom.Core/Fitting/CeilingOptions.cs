namespace Headroom.Core.Fitting;

/// <summary>Options of <see cref="CeilingEstimator"/> beyond the per-branch fit settings.</summary>
public sealed record CeilingOptions
{
    /// <summary>Sigmoid with peak fallback, no bootstrap.</summary>
    public static CeilingOptions Default { get; } = new();

    /// <summary>Which method to use.</summary>
    public CeilingMethodChoice Method { get; init; } = CeilingMethodChoice.Auto;

    /// <summary>
    /// The fit settings were chosen explicitly (paper mode, a settings file, flags): under
    /// <see cref="CeilingMethodChoice.Auto"/> the law is then always fitted when it can be, and a collapse or a
    /// fit that stops at its iteration limit is a warning, not a switch to the peak. Default false.
    /// </summary>
    public bool ExplicitSettings { get; init; }

    /// <summary>The bootstrap; null or 0 resamples turns it off.</summary>
    public BootstrapOptions? Bootstrap { get; init; }

    /// <summary>Below this many RL evaluations the curve is flagged as short (default 8).</summary>
    public int FewPointsWarning { get; init; } = 8;

    /// <summary>A steepness above this is flagged as an unresolved, step-like rise (default 10).</summary>
    public double SteepRise { get; init; } = 10;

    /// <summary>The ceiling counts as extrapolated when 90% of the gain needs more than this multiple of the largest compute observed (default 4).</summary>
    public double ExtrapolationFactor { get; init; } = 4;

    /// <summary>
    /// The highest score possible (100 for an accuracy in points; default: unbounded). A fitted A_post above it —
    /// its whole interval too, when there is one — means the curve has not bent within the measured compute, so
    /// the ceiling is flagged as not identified.
    /// </summary>
    public double ScoreMaximum { get; init; } = double.PositiveInfinity;
}
