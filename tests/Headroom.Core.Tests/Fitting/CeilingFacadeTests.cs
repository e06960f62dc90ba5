using Headroom.Core.Fitting;
using Headroom.Core.Tests.Data;

namespace Headroom.Core.Tests.Fitting;

public sealed class CeilingFacadeTests
{
    [Fact]
    public void The_one_call_estimate_is_the_default_mode_estimate_with_a_bootstrap()
    {
        // Given scores 70 + 8 / (1 + (10/x)^1.5) and a little deterministic wobble
        var (x, y) = Curves.Exact(new SigmoidParameters(1.5, 10, 8), 20, 40);
        var compute = x.Skip(1).ToArray();
        var scores = y.Skip(1).Select((v, i) => 70 + v + (0.3 * Math.Sin(i))).ToArray();

        // When estimated in one call, and through the estimator with the default mode's settings
        var facade = Ceiling.Estimate(compute, scores, 70, resamples: 200, seed: 4);
        var full = new CeilingEstimator().Estimate(
            new BranchCurve("branch", 70, compute, scores),
            FitSettings.DefaultMode,
            new CeilingOptions { Bootstrap = new BootstrapOptions { Resamples = 200, Seed = 4 } });

        // Then both agree exactly, and the ceiling is near the truth 78
        Assert.Equal(full.APost, facade.APost);
        Assert.Equal(full.Intervals, facade.Intervals);
        Precision.AssertWithin(78, facade.APost, 0.5, "A_post");
    }

    [Fact]
    public void The_one_call_estimate_rejects_columns_of_different_length()
        => Assert.Throws<ArgumentException>(() => Ceiling.Estimate([1, 2, 3], [70, 71], 70));
}
