using Headroom.Core.Fitting.Internal;
using Headroom.Core.Randomness;
using MathNet.Numerics.Distributions;

namespace Headroom.Core.Fitting;

/// <summary>
/// Residual bootstrap of a robust fit (Efron &amp; Tibshirani 1993, §9.5), beyond the paper, which reports no
/// uncertainty. With ŷ_i the fitted gains and e_j the leverage-corrected residuals of the training inliers
/// (branch point excluded; scaled up to the robust noise scale when outlier rejection trimmed them),
/// resample b draws a noise scale c_b = √(ν/χ²_ν) and
///
///     e_0*, e_i* from {e_j} with replacement,   y_i* = ŷ_i + c_b (e_i* - e_0*),   P_sft* = P_sft + c_b e_0*
///
/// (e_0* perturbs the branch score, see <see cref="BootstrapOptions.PerturbBranchScore"/>), refits with the
/// same settings from the original parameters, and records A_post* = P_sft* + PL*. Intervals are the
/// (1 ± level)/2 percentiles. Resample b uses its own seeded stream, so results do not depend on threads.
///
/// A censored ceiling makes the upper end the search box, not evidence: when the original fit or more than a
/// third of the resamples leave the ceiling on a bound (<see cref="SigmoidFit.CeilingAtBound"/>), or fewer than 35%
/// or more than 65% of the replicates fall below the estimate, the A_post interval is a
/// <see cref="IntervalKind.LowerBound"/>.
/// </summary>
public static class SigmoidBootstrap
{
    /// <summary>More than this fraction of resamples on a bound of the ceiling makes the interval a lower bound.</summary>
    private const double MaxAtBoundFraction = 1.0 / 3;

    /// <summary>Fewer than 35% or more than 65% of replicates below the estimate makes the interval a lower bound.</summary>
    private const double MaxImbalance = 0.15;

    /// <summary>
    /// Bootstraps <paramref name="fit"/> of the points (<paramref name="xSorted"/>, <paramref name="y"/>).
    /// Returns <see cref="BootstrapResult.None"/> when resamples are off, the fit has no valid parameters,
    /// or there are no more inliers than parameters.
    /// </summary>
    public static BootstrapResult Run(
        ReadOnlySpan<double> xSorted,
        ReadOnlySpan<double> y,
        double pSft,
        SigmoidFit fit,
        BootstrapOptions options,
        RobustSigmoidFitter? fitter = null,
        IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(options);
        fitter ??= RobustSigmoidFitter.Default;
        if (options.Resamples <= 0 || !fit.Parameters.IsValid)
        {
            return BootstrapResult.None;
        }

        var trainX = xSorted[fit.TrainStart..fit.TrainEnd].ToArray();
        var fitted = trainX.Select(v => SigmoidLaw.Gain(v, fit.Parameters)).ToArray();
        var residuals = BootstrapResiduals.Modified(xSorted, y, fit);
        if (residuals is null)
        {
            return BootstrapResult.None;
        }

        var settings = fit.Settings with { TrainStart = 0, TrainEnd = null };
        var window = new FitPoints(trainX); // x, its logs and the grid basis do not change between resamples
        var degreesOfFreedom = Math.Max(1, residuals.Length - fit.Settings.ParameterCount);
        var aPost = new double[options.Resamples];
        var pl = new double[options.Resamples];
        var cMid = new double[options.Resamples];
        var b = new double[options.Resamples];
        var replicates = new BootstrapReplicate?[options.Resamples];
        var atBound = new bool[options.Resamples];
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount };
        Parallel.For(0, options.Resamples, parallel, resample =>
        {
            var random = SeedSequence.Create(options.Seed, stream: 0x5EED_B007, resample);
            var scale = options.UncertainNoiseScale ? NoiseScaleDraw(random, degreesOfFreedom) : 1;
            var e0 = options.PerturbBranchScore ? scale * residuals[random.Next(residuals.Length)] : 0;
            var yStar = new double[trainX.Length];
            for (var i = 0; i < trainX.Length; i++)
            {
                yStar[i] = trainX[i] <= 0 ? 0 : fitted[i] + (scale * residuals[random.Next(residuals.Length)]) - e0;
            }

            var refit = fitter.FitWindow(window, trainX, yStar, settings, 0, trainX.Length, fit.Parameters);
            var p = refit.Parameters;
            var ok = p.IsValid;
            aPost[resample] = ok ? pSft + e0 + p.PL : double.NaN;
            pl[resample] = ok ? p.PL : double.NaN;
            cMid[resample] = ok ? p.CMid : double.NaN;
            b[resample] = ok ? p.B : double.NaN;
            replicates[resample] = ok ? new BootstrapReplicate(p, e0) : null;
            atBound[resample] = ok && refit.CeilingAtBound;
            var count = Interlocked.Increment(ref done);
            if (progress is not null && count % 50 == 0)
            {
                progress.Report(count);
            }
        });

        var failed = aPost.Count(double.IsNaN);
        var refitted = options.Resamples - failed;
        var estimate = pSft + fit.Parameters.PL;
        var atBoundFraction = refitted > 0 ? atBound.Count(v => v) / (double)refitted : double.NaN;
        var belowFraction = refitted > 0 ? aPost.Count(v => v < estimate) / (double)refitted : double.NaN;
        return new BootstrapResult
        {
            APostKind = fit.CeilingAtBound || atBoundFraction > MaxAtBoundFraction || !(Math.Abs(belowFraction - 0.5) <= MaxImbalance)
                ? IntervalKind.LowerBound
                : IntervalKind.TwoSided,
            AtBoundFraction = atBoundFraction,
            BelowEstimateFraction = belowFraction,
            APost = Interval.Percentiles(aPost, options.Level),
            PL = Interval.Percentiles(pl, options.Level),
            CMid = Interval.Percentiles(cMid, options.Level),
            B = Interval.Percentiles(b, options.Level),
            Resamples = refitted,
            Failed = failed,
            Level = options.Level,
            Replicates = [.. replicates.OfType<BootstrapReplicate>()],
        };
    }

    /// <summary>
    /// The noise scale is estimated from few residuals, so it is uncertain too: σ*/σ̂ = √(ν / χ²_ν) with
    /// ν = m - k, the scaled-inverse-χ² law of σ² under the Jeffreys prior. Over the resamples this gives the
    /// intervals the t-like tails a plain residual bootstrap lacks (at ν = 17 the z-quantile misses about
    /// 1.5 points of coverage).
    /// </summary>
    private static double NoiseScaleDraw(Random random, int degreesOfFreedom)
        => Math.Sqrt(degreesOfFreedom / ChiSquared.Sample(random, degreesOfFreedom));
}
