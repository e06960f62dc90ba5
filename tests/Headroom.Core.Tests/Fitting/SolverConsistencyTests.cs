using Headroom.Core.Fitting;
using Headroom.Core.Randomness;
using Headroom.Core.Tests.Data;

namespace Headroom.Core.Tests.Fitting;

public sealed class SolverConsistencyTests
{
    [Fact]
    public void Variable_projection_and_mathnet_levenberg_marquardt_reach_the_same_least_squares_optimum()
    {
        for (var seed = 0; seed < 15; seed++)
        {
            // Given a noisy curve
            var random = SeedSequence.Create(seed, 4);
            var truth = new SigmoidParameters(0.8 + random.NextDouble() * 2, 5 + random.NextDouble() * 10, 4 + random.NextDouble() * 10);
            var (x, y) = Curves.Exact(truth, 20, 4 * truth.CMid);
            for (var i = 1; i < y.Length; i++)
            {
                y[i] += 0.6 * random.NextGaussian();
            }

            // When Headroom's solver fits it, and MathNet's bounded LM refines from a nearby start
            var ours = RobustSigmoidFitter.Default.FitSorted(x, y, new FitSettings { OutlierThreshold = null });
            var p = ours.Parameters;
            var start = new SigmoidParameters(p.B * 1.2, p.CMid * 0.8, p.PL * 1.1);
            var (theirs, theirRss) = MathNetReference.Fit(x, y, start, new SigmoidParameters(0.01, 1e-3, 0), new SigmoidParameters(100, 2 * x[^1], 100));
            var ourRss = x.Select((xi, i) => Math.Pow(y[i] - SigmoidLaw.Gain(xi, p), 2)).Sum();

            // Then both land on the same minimum: MathNet finds no lower RSS, and the parameters agree
            Assert.True(ourRss <= theirRss * (1 + 1e-7), $"seed {seed}: ours {ourRss} vs MathNet {theirRss}");
            Precision.AssertClose(theirs.PL, p.PL, 4, $"seed {seed} PL");
            Precision.AssertClose(theirs.CMid, p.CMid, 4, $"seed {seed} C_mid");
        }
    }
}
