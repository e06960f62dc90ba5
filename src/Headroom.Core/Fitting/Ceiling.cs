namespace Headroom.Core.Fitting;

/// <summary>
/// One call for the common case, as MathNet's <c>Fit</c> facade sits over its minimisers: the ceiling of one RL
/// branch from its compute and scores. <see cref="CeilingEstimator"/>, <see cref="RobustSigmoidFitter"/> and
/// <see cref="SigmoidBootstrap"/> expose every setting.
/// </summary>
public static class Ceiling
{
    /// <summary>
    /// The ceiling A_post = P_sft + PL_rl of one branch with a 95% bootstrap interval and warnings. Never throws for
    /// degenerate data (NaN, constant or too few scores give a flagged peak estimate).
    /// </summary>
    /// <param name="compute">RL compute since the branch point of each evaluation (any order, non-negative).</param>
    /// <param name="scores">The headline score at each evaluation.</param>
    /// <param name="pSft">The score of the SFT checkpoint the branch starts from.</param>
    /// <param name="settings">
    /// Explicit fit settings (the law is then always fitted, a collapse being a warning); null for the default mode:
    /// every point trains, tau 3, plain least squares, eps fixed, the peak for a run that collapses.
    /// </param>
    /// <param name="resamples">Bootstrap resamples (0 = no interval).</param>
    /// <param name="seed">Bootstrap seed; the same seed gives the same interval on any number of threads.</param>
    /// <exception cref="ArgumentException"><paramref name="compute"/> and <paramref name="scores"/> differ in length.</exception>
    public static BranchCeiling Estimate(IReadOnlyList<double> compute, IReadOnlyList<double> scores, double pSft, FitSettings? settings = null, int resamples = 1000, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(compute);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfNegative(resamples);
        if (compute.Count != scores.Count)
        {
            throw new ArgumentException($"{compute.Count} compute values but {scores.Count} scores.", nameof(scores));
        }

        var options = new CeilingOptions
        {
            ExplicitSettings = settings is not null,
            Bootstrap = new BootstrapOptions { Resamples = resamples, Seed = seed },
        };
        return new CeilingEstimator().Estimate(new BranchCurve("branch", pSft, compute, scores), settings ?? FitSettings.DefaultMode, options);
    }
}
