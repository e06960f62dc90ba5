namespace Headroom.Core.Fitting;

/// <summary>
/// The candidate settings <see cref="SettingsSearch"/> tries per branch, as the paper's release searched them:
/// the training end N_fit, the outlier threshold tau, LTS alpha (or none) and a free offset (with the first
/// points dropped from training).
/// </summary>
public sealed record SettingsSearchSpace
{
    /// <summary>The paper kit's grid.</summary>
    public static SettingsSearchSpace Default { get; } = new();

    /// <summary>Points kept for validation at the least (default 3: R² on fewer means little).</summary>
    public int MinimumValidation { get; init; } = 3;

    /// <summary>The training range covers at least this fraction of the points (default 0.5).</summary>
    public double MinimumTrainFraction { get; init; } = 0.5;

    /// <summary>Outlier thresholds tried.</summary>
    public IReadOnlyList<double> Thresholds { get; init; } = [2.5, 3.0, 4.0];

    /// <summary>LTS alphas tried (null = plain least squares).</summary>
    public IReadOnlyList<double?> LtsAlphas { get; init; } = [null, 0.75, 0.85];

    /// <summary>Training starts tried with a free offset (0 keeps the branch point).</summary>
    public IReadOnlyList<int> FreeOffsetStarts { get; init; } = [0, 1, 2];

    /// <summary>Also try a free offset.</summary>
    public bool TryFreeOffset { get; init; } = true;

    /// <summary>Every candidate for a curve of <paramref name="pointCount"/> points (branch point included).</summary>
    public IEnumerable<FitSettings> Candidates(int pointCount)
    {
        var firstEnd = Math.Max(5, (int)Math.Ceiling(MinimumTrainFraction * pointCount));
        for (var end = firstEnd; end <= pointCount - MinimumValidation; end++)
        {
            foreach (var tau in Thresholds)
            {
                foreach (var alpha in LtsAlphas)
                {
                    var fixedOffset = new FitSettings { TrainEnd = end, OutlierThreshold = tau, LtsAlpha = alpha, LtsSearch = LtsSearch.Kit };
                    yield return fixedOffset;
                    if (!TryFreeOffset)
                    {
                        continue;
                    }

                    foreach (var start in FreeOffsetStarts)
                    {
                        yield return fixedOffset with { FreeOffset = true, TrainStart = start };
                    }
                }
            }
        }
    }
}
