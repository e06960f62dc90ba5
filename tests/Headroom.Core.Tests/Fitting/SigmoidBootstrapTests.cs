using Headroom.Core.Fitting;
using Headroom.Core.Randomness;
using Headroom.Core.Simulation;

namespace Headroom.Core.Tests.Fitting;

public sealed class SigmoidBootstrapTests
{
    private static readonly FitSettings _default = new() { OutlierThreshold = 3.0 };

    [Fact]
    public void The_95_percent_interval_covers_the_true_ceiling_of_most_simulated_curves()
    {
        // Given 80 simulated curves with known ceilings (the bench runs the full 200+ count)
        const int Curves = 80;
        var covered = 0;
        var widths = new List<double>();
        for (var c = 0; c < Curves; c++)
        {
            var spec = new RlCurveSpec { PSft = 70, Truth = new SigmoidParameters(1.5, 10, 8), MaxCompute = 45, Points = 20, NoiseSd = 0.8, OutlierRate = 0.03 };
            var simulated = RlCurveSimulator.Simulate(spec, SeedSequence.Create(11, 1, c));
            var curve = new BranchCurve("b", simulated.MeasuredPSft, simulated.Compute, simulated.Scores);

            // When each is fitted with a 300-resample bootstrap
            var ceiling = new CeilingEstimator().Estimate(curve, _default, new CeilingOptions { Bootstrap = new BootstrapOptions { Resamples = 300, Seed = c } });
            covered += ceiling.Intervals.APost.Contains(spec.APost) ? 1 : 0;
            widths.Add(ceiling.Intervals.APost.Width);
        }

        // Then coverage is near the nominal 95% (85% is four binomial sd below it) and the intervals stay informative
        var coverage = covered / (double)Curves;
        Assert.InRange(coverage, 0.85, 1.0);
        Assert.True(widths.Order().ElementAt(Curves / 2) < 6, $"median width {widths.Order().ElementAt(Curves / 2)} is too wide to inform");
    }

    [Fact]
    public void Least_trimmed_squares_intervals_cover_the_true_ceiling_of_most_simulated_curves()
    {
        // Given 60 simulated curves fitted as the paper's LTS branches are (keep 75%, then tau 3)
        const int Curves = 60;
        var lts = new FitSettings { OutlierThreshold = 3.0, LtsAlpha = 0.75 };
        var covered = 0;
        for (var c = 0; c < Curves; c++)
        {
            var spec = new RlCurveSpec { PSft = 70, Truth = new SigmoidParameters(1.5, 10, 8), MaxCompute = 45, Points = 20, NoiseSd = 0.8, OutlierRate = 0.03 };
            var simulated = RlCurveSimulator.Simulate(spec, SeedSequence.Create(12, 1, c));
            var curve = new BranchCurve("b", simulated.MeasuredPSft, simulated.Compute, simulated.Scores);

            // When each is bootstrapped (every resample refitted with LTS)
            var ceiling = new CeilingEstimator().Estimate(curve, lts, new CeilingOptions { Bootstrap = new BootstrapOptions { Resamples = 200, Seed = c } });
            covered += ceiling.Intervals.APost.Contains(spec.APost) ? 1 : 0;
        }

        // Then coverage is near the nominal 95% (84% is four binomial sd below it)
        Assert.InRange(covered / (double)Curves, 0.84, 1.0);
    }

    [Fact]
    public void A_curve_still_rising_at_its_end_gets_a_lower_bound_not_a_two_sided_interval()
    {
        // Given a simulated curve observed only up to 0.8 C_mid (its ceiling, 80, far beyond the data), and a saturated one
        var rising = new RlCurveSpec { PSft = 70, Truth = new SigmoidParameters(1.5, 25, 10), MaxCompute = 20, Points = 20, NoiseSd = 0.5 };
        var saturated = rising with { MaxCompute = 100 };
        CeilingOptions Options() => new() { Bootstrap = new BootstrapOptions { Resamples = 300, Seed = 3 } };

        // When both are fitted and bootstrapped
        var risingCurve = RlCurveSimulator.Simulate(rising, SeedSequence.Create(5, 1));
        var saturatedCurve = RlCurveSimulator.Simulate(saturated, SeedSequence.Create(5, 1));
        var censored = new CeilingEstimator().Estimate(new BranchCurve("r", risingCurve.MeasuredPSft, risingCurve.Compute, risingCurve.Scores), _default, Options());
        var identified = new CeilingEstimator().Estimate(new BranchCurve("s", saturatedCurve.MeasuredPSft, saturatedCurve.Compute, saturatedCurve.Scores), _default, Options());

        // Then the rising curve's interval is only a lower bound (its high end is the search box), and says why;
        // the saturated curve's is two-sided and covers its ceiling
        Assert.Equal(IntervalKind.LowerBound, censored.Intervals.APostKind);
        Assert.Contains(censored.Warnings, w => w.Code == "lower_bound_interval");
        Assert.Equal(IntervalKind.TwoSided, identified.Intervals.APostKind);
        Assert.InRange(identified.Intervals.BelowEstimateFraction, 0.35, 0.65);
        Assert.True(identified.Intervals.APost.Contains(saturated.APost));
    }

    [Fact]
    public void The_peak_interval_covers_the_true_peak_of_most_simulated_collapsing_runs()
    {
        // Given 150 runs of 24 evaluations that rise to a known peak (80) at a third of their compute, then collapse
        const int Runs = 150;
        var covered = 0;
        for (var run = 0; run < Runs; run++)
        {
            var random = SeedSequence.Create(21, 9, run);
            var compute = Enumerable.Range(1, 24).Select(j => (double)j).ToArray();
            var mean = compute.Select(x => x <= 8 ? 70 + (10 * x / 8) : 80 - (1.2 * (x - 8))).ToArray();
            var scores = mean.Select(m => m + (0.8 * random.NextGaussian())).ToArray();

            // When the peak method estimates each, with a 500-resample interval
            var ceiling = new CeilingEstimator().Estimate(new BranchCurve("b", 70, compute, scores), _default, new CeilingOptions { Method = CeilingMethodChoice.Peak, Bootstrap = new BootstrapOptions { Resamples = 500, Seed = run } });
            covered += ceiling.Intervals.APost.Contains(mean.Max()) ? 1 : 0;
        }

        // Then most intervals cover the true peak (nominal 95%; a maximum has no exact bootstrap, 85% is the floor)
        Assert.InRange(covered / (double)Runs, 0.85, 1.0);
    }

    [Fact]
    public void The_same_seed_gives_the_same_intervals_whatever_the_thread_count()
    {
        // Given one noisy curve and its fit
        var (x, y, fit) = NoisyFit(5);

        // When bootstrapped on 1 and on 2 threads with the same seed, and with another seed
        var one = SigmoidBootstrap.Run(x, y, 70, fit, new BootstrapOptions { Resamples = 200, Seed = 42, Threads = 1 });
        var two = SigmoidBootstrap.Run(x, y, 70, fit, new BootstrapOptions { Resamples = 200, Seed = 42, Threads = 2 });
        var other = SigmoidBootstrap.Run(x, y, 70, fit, new BootstrapOptions { Resamples = 200, Seed = 43, Threads = 2 });

        // Then
        Assert.Equal(one, two);
        Assert.NotEqual(one.APost, other.APost);
    }

    [Fact]
    public void The_interval_width_agrees_with_the_linearised_standard_error_on_an_easy_curve()
    {
        // Given a long, saturated, Gaussian curve (n = 60 up to 6 C_mid), where asymptotic theory holds
        var truth = new SigmoidParameters(2, 10, 8);
        var (x, y) = Data.Curves.Exact(truth, 60, 60);
        var random = SeedSequence.Create(8, 2);
        for (var i = 1; i < y.Length; i++)
        {
            y[i] += 0.5 * random.NextGaussian();
        }

        var settings = new FitSettings { OutlierThreshold = null };
        var fit = RobustSigmoidFitter.Default.FitSorted(x, y, settings);

        // When the bootstrap (branch score fixed) and the linearised SE σ̂ √((JᵀJ)⁻¹)_PL are compared
        var bootstrap = SigmoidBootstrap.Run(x, y, 0, fit, new BootstrapOptions { Resamples = 1000, Seed = 1, PerturbBranchScore = false });
        var standardError = LinearisedStandardErrorOfPl(x, y, fit.Parameters);

        // Then the 95% width is about 2 × 1.96 SE (within 20%)
        Precision.AssertWithin(2 * 1.96 * standardError, bootstrap.PL.Width, 0.2 * 2 * 1.96 * standardError, "95% width of PL");
    }

    [Fact]
    public void No_resamples_or_an_unfitted_curve_gives_no_interval()
    {
        var (x, y, fit) = NoisyFit(6);
        Assert.Equal(BootstrapResult.None, SigmoidBootstrap.Run(x, y, 70, fit, new BootstrapOptions { Resamples = 0 }));

        var unfitted = RobustSigmoidFitter.Default.FitSorted([0, 1, 2], [0, 0, 0], FitSettings.Default);
        Assert.Equal(BootstrapResult.None, SigmoidBootstrap.Run([0, 1, 2], [0, 0, 0], 70, unfitted, BootstrapOptions.Default));
    }

    private static (double[] X, double[] Y, SigmoidFit Fit) NoisyFit(int seed)
    {
        var (x, y) = Data.Curves.Exact(new SigmoidParameters(1.5, 10, 8), 20, 40);
        var random = SeedSequence.Create(seed, 3);
        for (var i = 1; i < y.Length; i++)
        {
            y[i] += 0.8 * random.NextGaussian();
        }

        return (x, y, RobustSigmoidFitter.Default.FitSorted(x, y, _default));
    }

    private static double LinearisedStandardErrorOfPl(double[] x, double[] y, SigmoidParameters p)
    {
        // Jacobian in (B, ln C_mid, PL) by central differences, independent of the library's own derivatives.
        var rows = x.Skip(1).ToArray();
        var j = new double[rows.Length, 3];
        for (var i = 0; i < rows.Length; i++)
        {
            j[i, 0] = Difference(rows[i], p, (q, h) => q with { B = q.B + h });
            j[i, 1] = Difference(rows[i], p, (q, h) => q with { CMid = q.CMid * Math.Exp(h) });
            j[i, 2] = Difference(rows[i], p, (q, h) => q with { PL = q.PL + h });
        }

        var information = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(3, 3, (a, b) => Enumerable.Range(0, rows.Length).Sum(i => j[i, a] * j[i, b]));
        var rss = x.Select((xi, i) => Math.Pow(y[i] - SigmoidLaw.Gain(xi, p), 2)).Sum();
        var sigma2 = rss / (rows.Length - 3);
        return Math.Sqrt(sigma2 * information.Inverse()[2, 2]);
    }

    private static double Difference(double x, SigmoidParameters p, Func<SigmoidParameters, double, SigmoidParameters> shift)
        => (SigmoidLaw.Gain(x, shift(p, 1e-6)) - SigmoidLaw.Gain(x, shift(p, -1e-6))) / 2e-6;
}
