using Headroom.Core.Fitting;
using Headroom.Core.Tests.Data;

namespace Headroom.Core.Tests.Fitting;

public sealed class CeilingEstimatorTests
{
    private static readonly FitSettings _settings = new() { OutlierThreshold = 3.0 };

    [Fact]
    public void A_post_is_p_sft_plus_the_fitted_plasticity()
    {
        // Given scores P_sft + gain(x) exactly, P_sft = 70
        var (x, y) = Curves.Exact(new SigmoidParameters(1.5, 10, 8), 20, 40);
        var curve = new BranchCurve("360", 70, x.Skip(1).ToArray(), y.Skip(1).Select(v => v + 70).ToArray());

        // When
        var ceiling = new CeilingEstimator().Estimate(curve, _settings);

        // Then
        Assert.Equal(CeilingMethod.Sigmoid, ceiling.Method);
        Precision.AssertClose(78, ceiling.APost, 7);
        Precision.AssertClose(8, ceiling.PLrl, 7);
        Assert.Empty(ceiling.Warnings);
    }

    [Fact]
    public void A_collapsing_run_falls_back_to_its_peak_and_says_so()
    {
        // Given a run that rises to 80 by x = 8, then collapses to 60 (like SRFT)
        double[] compute = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        double[] scores = [72, 75, 77, 78.5, 79.2, 79.6, 79.8, 80, 78, 74, 70, 66, 63, 61, 60, 60.5];
        var curve = new BranchCurve("srft", 70, compute, scores);

        // When
        var ceiling = new CeilingEstimator().Estimate(curve, _settings);

        // Then
        Assert.Equal(CeilingMethod.Peak, ceiling.Method);
        Assert.Equal(80, ceiling.APost);
        Assert.Equal(10, ceiling.PLrl);
        var warning = Assert.Single(ceiling.Warnings, w => w.Code == "peak_fallback");
        Assert.Contains("collapses", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_explicit_settings_a_collapse_is_a_warning_and_the_law_is_still_fitted()
    {
        // Given the same collapsing run, fitted with settings the user chose (paper mode, a settings file, flags)
        double[] compute = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        double[] scores = [72, 75, 77, 78.5, 79.2, 79.6, 79.8, 80, 78, 74, 70, 66, 63, 61, 60, 60.5];
        var curve = new BranchCurve("srft", 70, compute, scores);

        // When
        var ceiling = new CeilingEstimator().Estimate(curve, _settings, new CeilingOptions { ExplicitSettings = true });

        // Then no peak is substituted: the fitted law stands, and the collapse is said
        Assert.Equal(CeilingMethod.Sigmoid, ceiling.Method);
        Assert.Equal(70 + ceiling.Fit!.Parameters.PL, ceiling.APost);
        Assert.Contains(ceiling.Warnings, w => w.Code == "collapse_detected");
        Assert.DoesNotContain(ceiling.Warnings, w => w.Code == "peak_fallback");
    }

    [Fact]
    public void A_collapse_after_the_training_window_does_not_switch_to_the_peak()
    {
        // Given a run that saturates at 78 over its first 16 evaluations, then collapses on the 8 validation points after them
        var (x, y) = Curves.Exact(new SigmoidParameters(2, 4, 8), 16, 16);
        double[] collapse = [74, 70, 66, 63, 61, 60, 60, 60];
        var compute = x.Skip(1).Concat(Enumerable.Range(17, 8).Select(v => (double)v)).ToArray();
        var scores = y.Skip(1).Select(v => 70 + v).Concat(collapse).ToArray();
        var settings = _settings with { TrainEnd = 17 };

        // When estimated under the automatic method, without explicit settings
        var ceiling = new CeilingEstimator().Estimate(new BranchCurve("b", 70, compute, scores), settings);

        // Then the training window decides: the law, fitted on the window, gives the ceiling 78
        Assert.Equal(CeilingMethod.Sigmoid, ceiling.Method);
        Precision.AssertWithin(78, ceiling.APost, 1e-6, "A_post");
    }

    [Fact]
    public void The_peak_is_the_best_score_of_the_training_window_with_an_interval()
    {
        // Given a run whose best score (85) comes after the training window [0, 9), whose best is 80
        double[] compute = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        double[] scores = [72, 75, 77, 80, 78.5, 79.2, 78.8, 79.5, 84, 85, 83];
        var curve = new BranchCurve("b", 70, compute, scores);

        // When the peak method is asked for, with a bootstrap
        var ceiling = new CeilingEstimator().Estimate(curve, _settings with { TrainEnd = 9 }, new CeilingOptions { Method = CeilingMethodChoice.Peak, Bootstrap = new BootstrapOptions { Resamples = 500, Seed = 1 } });

        // Then the peak is the window's, and it has a two-sided interval
        Assert.Equal(80, ceiling.APost);
        Assert.True(ceiling.Intervals.APost.IsKnown);
        Assert.Equal(IntervalKind.TwoSided, ceiling.Intervals.APostKind);
        Assert.True(ceiling.Intervals.APost.Width > 0);
    }

    [Fact]
    public void A_noisy_plateau_is_not_mistaken_for_a_collapse()
    {
        // Given a saturated run whose late scores wobble by ±1
        var (x, y) = Curves.Exact(new SigmoidParameters(2, 5, 8), 20, 40);
        double[] wobble = [0, 0.9, -0.8, 0.7, -1, 0.4, -0.6, 1, -0.9, 0.2, -0.3, 0.8, -1, 0.5, -0.7, 0.9, -0.4, 0.6, -0.8, 0.3, -0.5];
        var scores = y.Skip(1).Select((v, i) => 70 + v + wobble[i + 1]).ToArray();

        // When
        var ceiling = new CeilingEstimator().Estimate(new BranchCurve("b", 70, x.Skip(1).ToArray(), scores), _settings);

        // Then
        Assert.Equal(CeilingMethod.Sigmoid, ceiling.Method);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void One_or_two_evaluations_give_a_flagged_peak(int evaluations)
    {
        // Given
        double[] compute = [1, 2];
        double[] scores = [74, 76];
        var curve = new BranchCurve("short", 70, compute[..evaluations], scores[..evaluations]);

        // When
        var ceiling = new CeilingEstimator().Estimate(curve, _settings);

        // Then
        Assert.Equal(CeilingMethod.Peak, ceiling.Method);
        Assert.Equal(evaluations == 1 ? 74 : 76, ceiling.APost);
        Assert.Contains(ceiling.Warnings, w => w.Code == "few_points");
        Assert.Contains(ceiling.Warnings, w => w.Code == "peak_fallback");
        Assert.Equal(FitStatus.NotIdentified, ceiling.Fit!.Status);
    }

    [Fact]
    public void Constant_scores_give_a_flagged_peak_that_names_the_cause()
    {
        var curve = new BranchCurve("flat", 70, [1, 2, 3, 4, 5, 6, 7, 8], [70, 70, 70, 70, 70, 70, 70, 70]);

        var ceiling = new CeilingEstimator().Estimate(curve, _settings);

        Assert.Equal(CeilingMethod.Peak, ceiling.Method);
        Assert.Contains(ceiling.Warnings, w => w.Code == "peak_fallback" && w.Message.Contains("constant", StringComparison.Ordinal));
    }

    [Fact]
    public void A_curve_still_rising_at_its_last_evaluation_is_flagged_as_not_identified()
    {
        // Given only the first half of the rise (x up to 0.8 C_mid)
        var (x, y) = Curves.Exact(new SigmoidParameters(1.5, 25, 10), 20, 20);
        var curve = new BranchCurve("early", 70, x.Skip(1).ToArray(), y.Skip(1).Select(v => v + 70).ToArray());

        // When
        var ceiling = new CeilingEstimator().Estimate(curve, _settings);

        // Then
        Assert.Contains(ceiling.Warnings, w => w.Code == "ceiling_not_identified");
        Assert.True(ceiling.APost < 80, "the truth (80) is beyond what the data identify");
    }

    [Fact]
    public void A_ceiling_above_the_highest_score_possible_is_flagged_as_not_identified()
    {
        // Given a curve that bends well inside its data (C_mid 10, measured to 40) towards P_sft 60 + PL 50 = 110
        var (x, y) = Curves.Exact(new SigmoidParameters(1.5, 10, 50), 20, 40);
        var curve = new BranchCurve("beyond", 60, x.Skip(1).ToArray(), y.Skip(1).Select(v => v + 60).ToArray());

        // When the score is an accuracy in points (at most 100), and when it has no maximum or a higher one
        var accuracy = new CeilingEstimator().Estimate(curve, _settings, new CeilingOptions { ScoreMaximum = 100 });
        var unbounded = new CeilingEstimator().Estimate(curve, _settings);
        var roomy = new CeilingEstimator().Estimate(curve, _settings, new CeilingOptions { ScoreMaximum = 120 });

        // Then all three fit the law's 110, and only the accuracy's is flagged, naming the maximum
        Assert.All(new[] { accuracy, unbounded, roomy }, c => Assert.Equal(110, c.APost, 3));
        Assert.Contains(accuracy.Warnings, w => w.Code == "ceiling_not_identified" && w.Message.Contains("highest score possible (100)", StringComparison.Ordinal));
        Assert.DoesNotContain(unbounded.Warnings, w => w.Code == "ceiling_not_identified");
        Assert.DoesNotContain(roomy.Warnings, w => w.Code == "ceiling_not_identified");
    }

    [Fact]
    public void Unsorted_evaluations_are_sorted_and_flagged()
    {
        var (x, y) = Curves.Exact(new SigmoidParameters(1.5, 10, 8), 12, 40);
        var order = Enumerable.Range(1, 12).Reverse().ToArray();
        var sorted = new BranchCurve("s", 70, x.Skip(1).ToArray(), y.Skip(1).Select(v => v + 70).ToArray());
        var shuffled = new BranchCurve("s", 70, order.Select(i => x[i]).ToArray(), order.Select(i => y[i] + 70).ToArray());

        var a = new CeilingEstimator().Estimate(sorted, _settings);
        var b = new CeilingEstimator().Estimate(shuffled, _settings);

        Assert.Equal(a.APost, b.APost);
        Assert.Contains(b.Warnings, w => w.Code == "unsorted_compute");
        Assert.DoesNotContain(a.Warnings, w => w.Code == "unsorted_compute");
    }

    [Fact]
    public void A_branch_score_measured_too_high_is_suspected_from_rejected_early_points()
    {
        // Given an exact curve whose P_sft was measured 2.5 points above the truth (70 instead of 67.5)
        var (x, y) = Curves.Exact(new SigmoidParameters(1.3, 10, 10), 24, 40);
        var curve = new BranchCurve("b", 70, x.Skip(1).ToArray(), y.Skip(1).Select(v => v + 67.5).ToArray());

        // When fitted with eps fixed
        var ceiling = new CeilingEstimator().Estimate(curve, _settings);

        // Then the fit says the offset is suspect, and freeing it (branch point out of training) recovers the true ceiling 77.5
        Assert.Contains(ceiling.Warnings, w => w.Code == "offset_suspected");
        var free = new CeilingEstimator().Estimate(curve, _settings with { FreeOffset = true, TrainStart = 1 });
        Precision.AssertWithin(77.5, free.APost, 1e-4, "A_post with a free offset");
    }

    [Fact]
    public void The_peak_method_on_request_ignores_the_fit()
    {
        var (x, y) = Curves.Exact(new SigmoidParameters(1.5, 10, 8), 20, 40);
        var curve = new BranchCurve("p", 70, x.Skip(1).ToArray(), y.Skip(1).Select(v => v + 70).ToArray());

        var ceiling = new CeilingEstimator().Estimate(curve, _settings, new CeilingOptions { Method = CeilingMethodChoice.Peak });

        Assert.Equal(CeilingMethod.Peak, ceiling.Method);
        Assert.Equal(y.Max() + 70, ceiling.APost);
    }
}
