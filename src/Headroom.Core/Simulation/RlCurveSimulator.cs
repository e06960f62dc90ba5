using Headroom.Core.Fitting;
using Headroom.Core.Randomness;

namespace Headroom.Core.Simulation;

/// <summary>
/// Simulates the evaluations of one RL branch: score(x) = P_sft + gain(x) + noise, at evenly spaced compute
/// x_j = j · x_max / n, with Gaussian noise of sd σ, optional outliers of ±(3–6)·scale·σ, and a measured
/// P_sft that carries the same noise.
/// </summary>
public static class RlCurveSimulator
{
    /// <summary>Draws one curve from <paramref name="spec"/> with <paramref name="random"/>.</summary>
    public static SimulatedCurve Simulate(RlCurveSpec spec, Random random)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Points, 1);

        var measuredPSft = spec.PSft + (spec.NoiseSd * random.NextGaussian());
        var compute = new double[spec.Points];
        var scores = new double[spec.Points];
        var outliers = new List<int>();
        for (var j = 0; j < spec.Points; j++)
        {
            compute[j] = spec.MaxCompute * (j + 1) / spec.Points;
            scores[j] = spec.PSft + SigmoidLaw.Gain(compute[j], spec.Truth) + (spec.NoiseSd * random.NextGaussian());
            if (random.NextDouble() < spec.OutlierRate)
            {
                var sign = random.NextDouble() < 0.5 ? -1 : 1;
                scores[j] += sign * (3 + (3 * random.NextDouble())) * spec.OutlierScale * spec.NoiseSd;
                outliers.Add(j);
            }
        }

        return new SimulatedCurve(spec, measuredPSft, compute, scores, outliers);
    }
}
