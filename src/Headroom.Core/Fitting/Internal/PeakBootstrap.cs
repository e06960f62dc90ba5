using Headroom.Core.Randomness;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// A bootstrap interval for the peak method's ceiling, the peak score of the training window. The estimand is
/// the peak of the noise-free score curve; the largest of m noisy scores v_1..v_m overshoots it, by more the
/// flatter the top. With σ̂ the noise from successive differences (<see cref="CurveNoise"/>), resample b draws
///
///     v_i* = v_i + c_b σ̂ z_i,   z_i ~ N(0, 1),   c_b = √(ν/χ²_ν), ν = m - 1,     δ_b = max v* - max v
///
/// and the interval is the basic bootstrap one, [peak - q(1 - t), peak - q(t)], q the quantiles of δ and
/// t = (1 - level)/2. On simulated rise-then-collapse curves (16 to 40 points) it covers the true peak 90–92%
/// of the time at a nominal 95%: the maximum is not a smooth statistic, and no bootstrap of it is exact.
/// </summary>
internal static class PeakBootstrap
{
    /// <summary>The interval of the peak of <paramref name="scores"/> (compute order); <see cref="BootstrapResult.None"/> below 3 scores or without resamples.</summary>
    public static BootstrapResult Run(ReadOnlySpan<double> scores, double pSft, BootstrapOptions options)
    {
        var m = scores.Length;
        var sigma = CurveNoise.Sigma(scores);
        if (options.Resamples <= 0 || m < 3 || !double.IsFinite(sigma))
        {
            return BootstrapResult.None;
        }

        var peak = double.NegativeInfinity;
        foreach (var v in scores)
        {
            peak = Math.Max(peak, v);
        }

        var overshoot = new double[options.Resamples];
        for (var resample = 0; resample < options.Resamples; resample++)
        {
            var random = SeedSequence.Create(options.Seed, stream: 0x9EA4_B007, resample);
            var scale = options.UncertainNoiseScale ? Math.Sqrt((m - 1) / ChiSquared.Sample(random, m - 1)) : 1;
            var best = double.NegativeInfinity;
            foreach (var v in scores)
            {
                best = Math.Max(best, v + (scale * sigma * random.NextGaussian()));
            }

            overshoot[resample] = best - peak;
        }

        Array.Sort(overshoot);
        var tail = (1 - options.Level) / 2;
        var aPost = new Interval(peak - SortedArrayStatistics.Quantile(overshoot, 1 - tail), peak - SortedArrayStatistics.Quantile(overshoot, tail));
        return new BootstrapResult
        {
            APost = aPost,
            PL = new Interval(aPost.Low - pSft, aPost.High - pSft),
            CMid = Interval.None,
            B = Interval.None,
            Resamples = options.Resamples,
            Failed = 0,
            Level = options.Level,
        };
    }
}
