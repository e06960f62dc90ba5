using MathNet.Numerics.LinearAlgebra;

namespace Headroom.Core.Fitting.Internal;

/// <summary>The residuals a residual bootstrap resamples.</summary>
internal static class BootstrapResiduals
{
    /// <summary>
    /// Modified residuals (Davison &amp; Hinkley 1997, §6.2.3): r_i / √(1 - h_ii), centred, where h_ii is the
    /// leverage of point i in the linearised model, the diagonal of J (JᵀJ)⁻¹ Jᵀ with J the Jacobian of the
    /// law in (B, ln C_mid, PL[, eps]) over the inliers. The late points that pin the ceiling have high
    /// leverage and small raw residuals; without the correction the intervals come out too narrow.
    /// Null when there are no more inliers than parameters.
    /// </summary>
    public static double[]? Modified(ReadOnlySpan<double> x, ReadOnlySpan<double> y, SigmoidFit fit)
    {
        var outliers = fit.Outliers.ToHashSet();
        var points = new List<int>();
        for (var i = fit.TrainStart; i < fit.TrainEnd; i++)
        {
            if (x[i] > 0 && !outliers.Contains(i))
            {
                points.Add(i);
            }
        }

        var k = fit.Settings.ParameterCount;
        if (points.Count <= k)
        {
            return null;
        }

        var xs = x.ToArray();
        var jacobian = Matrix<double>.Build.Dense(points.Count, k, (row, column) => LawJacobian.Derivative(xs[points[row]], fit.Parameters, column));
        var information = jacobian.TransposeThisAndMultiply(jacobian);
        var inverse = information.Determinant() > 0 ? information.Inverse() : null;
        var residuals = new double[points.Count];
        for (var row = 0; row < points.Count; row++)
        {
            var i = points[row];
            var leverage = 0.0;
            if (inverse is not null)
            {
                var gradient = jacobian.Row(row);
                leverage = gradient * inverse * gradient;
            }

            leverage = Math.Clamp(leverage, 0, 0.99);
            residuals[row] = (y[i] - SigmoidLaw.Gain(xs[i], fit.Parameters)) / Math.Sqrt(1 - leverage);
        }

        var mean = residuals.Average();
        var centred = residuals.Select(r => r - mean).ToArray();
        return RestoreTails(x, y, fit, centred);
    }

    /// <summary>
    /// Rejecting outliers at |M| &gt; tau also trims the tails of honest Gaussian noise (at tau = 2.5 about one
    /// point in 80), so the inlier residuals understate the noise and the intervals come out narrow. When
    /// their RMS falls below the robust scale 1.4826 MAD of all training residuals (outliers included, which
    /// MAD tolerates), they are scaled up to it.
    /// </summary>
    private static double[] RestoreTails(ReadOnlySpan<double> x, ReadOnlySpan<double> y, SigmoidFit fit, double[] pool)
    {
        if (fit.Outliers.Count == 0 && fit.Settings.OutlierThreshold is null)
        {
            return pool;
        }

        var all = new List<double>();
        for (var i = fit.TrainStart; i < fit.TrainEnd; i++)
        {
            if (x[i] > 0)
            {
                all.Add(y[i] - SigmoidLaw.Gain(x[i], fit.Parameters));
            }
        }

        var median = ModifiedZScore.Median(all.ToArray());
        var robustScale = 1.4826 * ModifiedZScore.Median(all.Select(r => Math.Abs(r - median)).ToArray());
        var poolScale = Math.Sqrt(pool.Average(r => r * r));
        return poolScale > 0 && robustScale > poolScale ? pool.Select(r => r * robustScale / poolScale).ToArray() : pool;
    }
}
