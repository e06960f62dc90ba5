using Headroom.Core.Fitting;

namespace Headroom.Core.Tests.Data;

/// <summary>Curves with known parameters for fitting tests.</summary>
internal static class Curves
{
    /// <summary>The branch point (0, eps) then <paramref name="count"/> points evenly spaced up to <paramref name="maxCompute"/>, exactly on the law.</summary>
    public static (double[] X, double[] Y) Exact(SigmoidParameters law, int count, double maxCompute)
    {
        var x = new double[count + 1];
        var y = new double[count + 1];
        y[0] = law.Eps;
        for (var j = 1; j <= count; j++)
        {
            x[j] = maxCompute * j / count;
            y[j] = SigmoidLaw.Gain(x[j], law);
        }

        return (x, y);
    }
}
