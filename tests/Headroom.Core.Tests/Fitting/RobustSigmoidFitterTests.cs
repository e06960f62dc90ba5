using Headroom.Core.Fitting;
using Headroom.Core.Randomness;
using Headroom.Core.Tests.Data;

namespace Headroom.Core.Tests.Fitting;

public sealed class RobustSigmoidFitterTests
{
    private static readonly FitSettings _plain = new() { OutlierThreshold = null };

    [Theory]
    [InlineData(1.2, 10.0, 8.0)]
    [InlineData(0.6, 3.0, 25.0)]
    [InlineData(3.0, 30.0, 5.0)]
    public void Fit_recovers_the_parameters_of_an_exact_sigmoid(double b, double cMid, double pl)
    {
        // Given points exactly on a known law, its rise inside the observed compute
        var truth = new SigmoidParameters(b, cMid, pl);
        var (x, y) = Curves.Exact(truth, 25, 4 * cMid);

        // When
        var fit = RobustSigmoidFitter.Default.FitSorted(x, y, _plain);

        // Then
        Assert.Equal(FitStatus.Converged, fit.Status);
        Precision.AssertClose(b, fit.Parameters.B, 6, "B");
        Precision.AssertClose(cMid, fit.Parameters.CMid, 6, "C_mid");
        Precision.AssertClose(pl, fit.Parameters.PL, 6, "PL");
        Precision.AssertClose(1, fit.R2Train, 9, "R²");
    }

    [Fact]
    public void Fit_recovers_a_free_offset()
    {
        // Given a law whose branch point sits 2 points above the SFT score (eps = 2), early points dropped
        var truth = new SigmoidParameters(1.5, 8, 10, Eps: 2);
        var (x, y) = Curves.Exact(truth, 30, 40);

        // When
        var fit = RobustSigmoidFitter.Default.FitSorted(x, y, _plain with { FreeOffset = true, TrainStart = 1 });

        // Then
        Precision.AssertClose(2, fit.Parameters.Eps, 5, "eps");
        Precision.AssertClose(10, fit.Parameters.PL, 5, "PL");
        Precision.AssertClose(8, fit.Parameters.CMid, 5, "C_mid");
    }

    [Fact]
    public void Fit_from_different_starting_points_reaches_the_same_optimum()
    {
        // Given a noisy curve
        var truth = new SigmoidParameters(1.4, 10, 7);
        var (x, y) = Curves.Exact(truth, 24, 45);
        var random = SeedSequence.Create(3, 1);
        for (var i = 1; i < y.Length; i++)
        {
            y[i] += 0.5 * random.NextGaussian();
        }

        // When the global search and local searches from far-off starts are compared
        var global = RobustSigmoidFitter.Default.FitSorted(x, y, _plain);
        var fromSteep = RobustSigmoidFitter.Default.FitSorted(x, y, _plain, new SigmoidParameters(20, 2, 1));
        var fromFlat = RobustSigmoidFitter.Default.FitSorted(x, y, _plain, new SigmoidParameters(0.2, 60, 15));

        // Then they agree
        Precision.AssertClose(global.Parameters.PL, fromSteep.Parameters.PL, 5, "PL from a steep start");
        Precision.AssertClose(global.Parameters.PL, fromFlat.Parameters.PL, 5, "PL from a flat start");
        Precision.AssertClose(global.Parameters.CMid, fromFlat.Parameters.CMid, 5, "C_mid from a flat start");
    }

    [Fact]
    public void Z_score_rejection_removes_a_spike_and_recovers_the_law()
    {
        // Given an exact curve with one evaluation 6 points too high (a broken eval)
        var truth = new SigmoidParameters(1.5, 10, 8);
        var (x, y) = Curves.Exact(truth, 20, 40);
        y[12] += 6;

        // When
        var robust = RobustSigmoidFitter.Default.FitSorted(x, y, new FitSettings { OutlierThreshold = 2.5 });
        var plain = RobustSigmoidFitter.Default.FitSorted(x, y, _plain);

        // Then only the spike is rejected and the law is recovered exactly; without rejection it is pulled
        Assert.Equal([12], robust.Outliers);
        Precision.AssertClose(8, robust.Parameters.PL, 6, "PL");
        Assert.True(Math.Abs(plain.Parameters.PL - 8) > 0.05, $"plain least squares should be pulled by the spike, got PL {plain.Parameters.PL}");
    }

    [Fact]
    public void Least_trimmed_squares_ignores_a_quarter_of_corrupted_points()
    {
        // Given 5 of 21 evaluations shifted down by 3 points (a bad reward function for a while)
        var truth = new SigmoidParameters(1.5, 10, 8);
        var (x, y) = Curves.Exact(truth, 20, 40);
        foreach (var i in new[] { 14, 15, 16, 17, 18 })
        {
            y[i] -= 3;
        }

        // When
        var lts = RobustSigmoidFitter.Default.FitSorted(x, y, _plain with { LtsAlpha = 0.75 });
        var plain = RobustSigmoidFitter.Default.FitSorted(x, y, _plain);

        // Then LTS recovers the law from the clean three quarters; least squares does not
        Precision.AssertClose(8, lts.Parameters.PL, 5, "LTS PL");
        Precision.AssertWithin(0, lts.TrimmedLoss, 1e-12, "trimmed loss");
        Assert.True(plain.Parameters.PL < 7.5, $"least squares should be dragged down, got PL {plain.Parameters.PL}");
    }

    [Fact]
    public void The_thorough_lts_search_never_has_a_higher_trimmed_loss_than_the_kit_search()
    {
        // Given noisy curves with outliers
        for (var seed = 0; seed < 20; seed++)
        {
            var random = SeedSequence.Create(seed, 9);
            var (x, y) = Curves.Exact(new SigmoidParameters(1.3, 9, 7), 18, 40);
            for (var i = 1; i < y.Length; i++)
            {
                y[i] += (0.7 * random.NextGaussian()) + (random.NextDouble() < 0.1 ? 4 : 0);
            }

            // When both searches minimise the same trimmed objective (no Z-score stage, so the data are the same)
            var settings = new FitSettings { OutlierThreshold = null, LtsAlpha = 0.75 };
            var thorough = RobustSigmoidFitter.Default.FitSorted(x, y, settings);
            var kit = RobustSigmoidFitter.Default.FitSorted(x, y, settings with { LtsSearch = LtsSearch.Kit });

            // Then
            Assert.True(thorough.TrimmedLoss <= kit.TrimmedLoss + 1e-9, $"seed {seed}: thorough {thorough.TrimmedLoss} > kit {kit.TrimmedLoss}");
        }
    }

    [Fact]
    public void Validation_points_after_the_training_range_are_scored_but_never_fitted()
    {
        // Given an exact curve whose last 5 points are corrupted
        var (x, y) = Curves.Exact(new SigmoidParameters(1.5, 10, 8), 20, 40);
        for (var i = 16; i <= 20; i++)
        {
            y[i] += 1;
        }

        // When only the first 16 points train
        var fit = RobustSigmoidFitter.Default.FitSorted(x, y, _plain with { TrainEnd = 16 });

        // Then the law comes from the clean points and the validation RMSE is the corruption
        Precision.AssertClose(8, fit.Parameters.PL, 6, "PL");
        Assert.Equal(5, fit.ValidationCount);
        Precision.AssertClose(1, fit.RmseValidation, 5, "validation RMSE");
    }

    [Fact]
    public void Constant_gains_are_not_identified()
    {
        var fit = RobustSigmoidFitter.Default.FitSorted([0, 1, 2, 3, 4, 5], [0, 0, 0, 0, 0, 0], FitSettings.Default);

        Assert.Equal(FitStatus.NotIdentified, fit.Status);
        Assert.True(double.IsNaN(fit.Parameters.PL));
    }

    [Fact]
    public void Fewer_points_than_parameters_plus_one_are_not_identified()
    {
        var fit = RobustSigmoidFitter.Default.FitSorted([0, 1, 2], [0, 1, 1.5], FitSettings.Default);

        Assert.Equal(FitStatus.NotIdentified, fit.Status);
    }

    [Fact]
    public void NaN_or_negative_compute_gives_invalid_values()
    {
        Assert.Equal(FitStatus.InvalidValues, RobustSigmoidFitter.Default.FitSorted([0, 1, 2, 3, 4], [0, 1, double.NaN, 2, 2], FitSettings.Default).Status);
        Assert.Equal(FitStatus.InvalidValues, RobustSigmoidFitter.Default.FitSorted([-1, 1, 2, 3, 4], [0, 1, 2, 2, 2], FitSettings.Default).Status);
    }

    [Fact]
    public void Unsorted_compute_is_a_programmer_error()
    {
        Assert.Throws<ArgumentException>(() => RobustSigmoidFitter.Default.FitSorted([0, 2, 1, 3], [0, 1, 1, 2], FitSettings.Default));
    }
}
