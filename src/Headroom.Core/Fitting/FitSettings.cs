namespace Headroom.Core.Fitting;

/// <summary>
/// The settings of one robust fit (framework.md §3): which points train the fit, the outlier threshold,
/// LTS and whether the offset is free. These are the per-branch settings the paper's kit used
/// (`fit_points_num`, `train_split`, `outlier_threshold`, `lts_alpha`, `free_c0`).
/// </summary>
public sealed record FitSettings
{
    /// <summary>The paper's default: every point trains, tau = 2.5, no LTS, eps fixed at 0.</summary>
    public static FitSettings Default { get; } = new();

    /// <summary>
    /// The default mode of <c>headroom fit</c>: every point trains, tau = 3, no LTS, eps fixed. Tau 3 rather than the
    /// paper's 2.5: at 2.5 honest Gaussian noise loses one point in 80 (one in 370 at 3).
    /// </summary>
    public static FitSettings DefaultMode { get; } = new() { OutlierThreshold = 3.0 };

    /// <summary>First training index (inclusive) of the points sorted by compute, branch point included at index 0.</summary>
    public int TrainStart { get; init; }

    /// <summary>End of the training range (exclusive); null means every point. Later points validate.</summary>
    public int? TrainEnd { get; init; }

    /// <summary>Modified Z-score threshold tau for outlier rejection; null turns rejection off.</summary>
    public double? OutlierThreshold { get; init; } = 2.5;

    /// <summary>Least Trimmed Squares coverage alpha (h = ⌊alpha n⌋ points kept); null means plain least squares.</summary>
    public double? LtsAlpha { get; init; }

    /// <summary>How LTS searches for its minimum (ignored without LTS).</summary>
    public LtsSearch LtsSearch { get; init; } = LtsSearch.Thorough;

    /// <summary>Fit the alignment offset eps instead of fixing it at 0.</summary>
    public bool FreeOffset { get; init; }

    /// <summary>Maximum rounds of the iterative Z-score rejection (the paper uses 3).</summary>
    public int MaxRejectionRounds { get; init; } = 3;

    /// <summary>Number of free parameters: 3, or 4 with a free offset.</summary>
    public int ParameterCount => FreeOffset ? 4 : 3;

    /// <summary>A short human description, e.g. "train [0, 15), tau 2.5, LTS 0.75, eps fixed".</summary>
    public override string ToString()
        => $"train [{TrainStart}, {(TrainEnd is { } end ? end.ToString(System.Globalization.CultureInfo.InvariantCulture) : "N")}), "
            + $"tau {(OutlierThreshold is { } tau ? tau.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "off")}, "
            + $"{(LtsAlpha is { } alpha ? "LTS " + alpha.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "no LTS")}, "
            + $"eps {(FreeOffset ? "free" : "fixed")}";
}
