using Headroom.Core.Fitting;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Headroom.Core.Tests.Data;

/// <summary>
/// An independent least-squares fit of the law with MathNet's bounded Levenberg–Marquardt on all three
/// parameters (B, C_mid, PL), used to check the variable-projection solver against a kept library.
/// </summary>
internal static class MathNetReference
{
    public static (SigmoidParameters Parameters, double Rss) Fit(double[] x, double[] y, SigmoidParameters start, SigmoidParameters lower, SigmoidParameters upper)
    {
        var objective = ObjectiveFunction.NonlinearModel(
            (p, xs) => Vector<double>.Build.Dense(xs.Count, i => SigmoidLaw.Gain(xs[i], new SigmoidParameters(p[0], p[1], p[2]))),
            Vector<double>.Build.DenseOfArray(x),
            Vector<double>.Build.DenseOfArray(y),
            accuracyOrder: 6);
        var minimizer = new LevenbergMarquardtMinimizer(maximumIterations: 10_000);
        var result = minimizer.FindMinimum(
            objective,
            Vector<double>.Build.DenseOfArray([start.B, start.CMid, start.PL]),
            Vector<double>.Build.DenseOfArray([lower.B, lower.CMid, lower.PL]),
            Vector<double>.Build.DenseOfArray([upper.B, upper.CMid, upper.PL]));
        var p = result.MinimizingPoint;
        var fitted = new SigmoidParameters(p[0], p[1], p[2]);
        var rss = x.Select((xi, i) => Math.Pow(y[i] - SigmoidLaw.Gain(xi, fitted), 2)).Sum();
        return (fitted, rss);
    }
}
