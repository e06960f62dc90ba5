using Headroom.Core.Regimes;
using static Headroom.Core.Regimes.SftRegime;

namespace Headroom.Core.Tests.Regimes;

public sealed class SftRegimesTests
{
    private static double[] Steps(int count) => Enumerable.Range(1, count).Select(i => 100.0 * i).ToArray();

    private static SftRegime[] Labels(RegimeAnalysis analysis) => analysis.Checkpoints.Select(c => c.Regime).ToArray();

    [Fact]
    public void A_typical_run_goes_adaptive_stable_mild_severe()
    {
        // Given L_min = 0.50, so Stable <= 0.51 and Severe >= 0.55 after the last Stable checkpoint
        double[] losses = [1.00, 0.70, 0.55, 0.505, 0.50, 0.508, 0.53, 0.58];

        // When
        var analysis = SftRegimes.Classify(Steps(8), losses);

        // Then
        Assert.Equal(RegimeStatus.Labelled, analysis.Status);
        Assert.Equal([Adaptive, Adaptive, Adaptive, Stable, Stable, Stable, MildOverfitting, SevereOverfitting], Labels(analysis));
        Assert.Equal(0.50, analysis.MinimumLoss);
        Assert.Equal(400, analysis.RecommendedSwitch!.Step);
        Assert.Equal(500, analysis.Minimum!.Step);
        Assert.Equal(0.51, analysis.StableThreshold, 12);
        Assert.Equal(0.55, analysis.SevereThreshold, 12);
        Assert.Equal(0.06, analysis.Checkpoints[6].RelativeExcess, 12);
    }

    [Fact]
    public void A_loss_that_leaves_the_band_between_stable_checkpoints_stays_stable_with_a_note()
    {
        // Given 0.53 (above 0.51) between two Stable checkpoints, 0.50 and 0.505
        double[] losses = [0.80, 0.50, 0.53, 0.505, 0.60];

        // When
        var analysis = SftRegimes.Classify(Steps(5), losses);

        // Then
        Assert.Equal([Adaptive, Stable, Stable, Stable, SevereOverfitting], Labels(analysis));
        Assert.NotNull(analysis.Checkpoints[2].Note);
        Assert.Contains("Decision", analysis.Checkpoints[2].Note);
        Assert.Null(analysis.Checkpoints[1].Note);
        Assert.Equal(200, analysis.RecommendedSwitch!.Step);
    }

    [Theory]
    [InlineData(0.50, 0.51, 0.549, 0.55)]
    [InlineData(0.44, 0.4488, 0.4839, 0.484)] // in doubles 1.1 · 0.44 = 0.48400000000000004 > 0.484: the edge must allow rounding
    [InlineData(0.37, 0.3774, 0.4069, 0.407)]
    public void Band_edges_are_inclusive_as_written_in_the_definitions(double minimum, double stableEdge, double mild, double severeEdge)
    {
        // Given stableEdge = 1.02 · minimum (L <= (1+δ)L_min is Stable) and severeEdge = 1.10 · minimum (L >= (1+δ₂)L_min is Severe)
        double[] losses = [0.60, minimum, stableEdge, mild, severeEdge];

        // When
        var analysis = SftRegimes.Classify(Steps(5), losses);

        // Then
        Assert.Equal([Adaptive, Stable, Stable, MildOverfitting, SevereOverfitting], Labels(analysis));
    }

    [Fact]
    public void Wider_deltas_move_checkpoints_into_milder_regimes()
    {
        // Given L_min = 0.5; default bands 0.51 / 0.55; with δ = 0.05, δ₂ = 0.20 the bands are 0.525 / 0.60
        double[] losses = [0.60, 0.50, 0.52, 0.58, 0.61];
        var wide = RegimeOptions.Default with { Delta = 0.05, Delta2 = 0.20 };

        // When
        var byDefault = SftRegimes.Classify(Steps(5), losses);
        var widened = SftRegimes.Classify(Steps(5), losses, wide);

        // Then
        Assert.Equal([Adaptive, Stable, MildOverfitting, SevereOverfitting, SevereOverfitting], Labels(byDefault));
        Assert.Equal([Adaptive, Stable, Stable, MildOverfitting, SevereOverfitting], Labels(widened));
    }

    [Fact]
    public void An_empty_series_has_a_status_and_no_labels()
    {
        // When
        var analysis = SftRegimes.Classify([], []);

        // Then
        Assert.Equal(RegimeStatus.Empty, analysis.Status);
        Assert.Empty(analysis.Checkpoints);
        Assert.Null(analysis.RecommendedSwitch);
        Assert.True(double.IsNaN(analysis.MinimumLoss));
        Assert.True(double.IsNaN(analysis.StableThreshold));
    }

    [Fact]
    public void Non_finite_losses_are_skipped_and_counted()
    {
        // Given NaN at step 200 and +inf at step 400
        double[] losses = [0.80, double.NaN, 0.50, double.PositiveInfinity, 0.52];

        // When
        var analysis = SftRegimes.Classify(Steps(5), losses);

        // Then
        Assert.Equal(2, analysis.SkippedNonFinite);
        Assert.Equal(200, analysis.FirstSkippedStep);
        Assert.Equal([0, 2, 4], analysis.Checkpoints.Select(c => c.Index));
        Assert.Equal([Adaptive, Stable, MildOverfitting], Labels(analysis));
        Assert.Contains(analysis.Warnings, w => w.Contains("2 checkpoint(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_nan_losses_give_no_labels()
    {
        // When
        var analysis = SftRegimes.Classify([1, 2], [double.NaN, double.NaN]);

        // Then
        Assert.Equal(RegimeStatus.NoFiniteLoss, analysis.Status);
        Assert.Equal(2, analysis.SkippedNonFinite);
        Assert.Empty(analysis.Checkpoints);
    }

    [Fact]
    public void A_single_checkpoint_is_stable_with_a_warning()
    {
        // When
        var analysis = SftRegimes.Classify([360], [0.42]);

        // Then
        Assert.Equal([Stable], Labels(analysis));
        Assert.Same(analysis.RecommendedSwitch, analysis.Minimum);
        Assert.Contains(analysis.Warnings, w => w.StartsWith("Only one checkpoint", StringComparison.Ordinal));
    }

    [Fact]
    public void Equal_losses_are_all_stable_and_the_first_is_recommended()
    {
        // When
        var analysis = SftRegimes.Classify(Steps(3), [0.4, 0.4, 0.4]);

        // Then
        Assert.Equal([Stable, Stable, Stable], Labels(analysis));
        Assert.Equal(100, analysis.RecommendedSwitch!.Step);
        Assert.Equal(100, analysis.Minimum!.Step);
        Assert.Contains(analysis.Warnings, w => w.StartsWith("All 3 losses are equal", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    public void A_minimum_of_zero_or_less_cannot_make_a_relative_band(double minimum)
    {
        // When
        var analysis = SftRegimes.Classify(Steps(3), [0.3, minimum, 0.2]);

        // Then
        Assert.Equal(RegimeStatus.NonPositiveMinimum, analysis.Status);
        Assert.Equal(minimum, analysis.MinimumLoss);
        Assert.Empty(analysis.Checkpoints);
        Assert.Null(analysis.RecommendedSwitch);
    }

    [Fact]
    public void A_loss_still_falling_at_the_last_checkpoint_is_flagged()
    {
        // Given a monotone decrease: only the last two are within 2% of 0.50
        double[] losses = [1.0, 0.8, 0.6, 0.509, 0.50];

        // When
        var analysis = SftRegimes.Classify(Steps(5), losses);

        // Then
        Assert.Equal([Adaptive, Adaptive, Adaptive, Stable, Stable], Labels(analysis));
        Assert.Equal(400, analysis.RecommendedSwitch!.Step);
        Assert.Contains(analysis.Warnings, w => w.Contains("may still be falling", StringComparison.Ordinal));
    }

    [Fact]
    public void Provisional_labels_use_the_minimum_so_far_and_can_change_later()
    {
        // Given a live run seen after three checkpoints, then after a fourth with a lower loss
        var live = RegimeOptions.Default with { Provisional = true };

        // When
        var early = SftRegimes.Classify([100, 200, 300], [0.8, 0.6, 0.52], live);
        var later = SftRegimes.Classify([100, 200, 300, 400], [0.8, 0.6, 0.52, 0.50], live);

        // Then: 0.52 was the minimum so far (Stable); once 0.50 arrives it is 4% above it and before it (Adaptive)
        Assert.True(early.Provisional);
        Assert.Equal(Stable, early.Checkpoints[2].Regime);
        Assert.Equal(Adaptive, later.Checkpoints[2].Regime);
        Assert.Contains(early.Warnings, w => w.StartsWith("Provisional", StringComparison.Ordinal));
    }

    [Fact]
    public void Unsorted_steps_are_a_programming_error()
    {
        // When / Then
        Assert.Throws<ArgumentException>(() => SftRegimes.Classify([200, 100], [0.5, 0.6]));
    }

    [Theory]
    [InlineData(-0.01, 0.10)]
    [InlineData(0.10, 0.10)]
    [InlineData(0.02, double.NaN)]
    public void Thresholds_that_do_not_make_a_band_are_rejected(double delta, double delta2)
    {
        // Given
        var options = RegimeOptions.Default with { Delta = delta, Delta2 = delta2 };

        // When / Then
        Assert.Throws<InvalidSettingException>(() => SftRegimes.Classify([1], [0.5], options));
    }

    [Fact]
    public void Step_and_loss_pairs_give_the_same_labels_as_the_two_columns()
    {
        // Given a run's checkpoints as (step, loss) pairs
        (double Step, double Loss)[] checkpoints = [(100, 0.60), (200, 0.45), (300, 0.40), (400, 0.405), (500, 0.43), (600, 0.47)];

        // When labelled from the pairs and from the two columns
        var fromPairs = SftRegimes.Classify(checkpoints);
        var fromColumns = SftRegimes.Classify([.. checkpoints.Select(c => c.Step)], [.. checkpoints.Select(c => c.Loss)]);

        // Then the labels agree: L_min = 0.40, Stable up to 0.408, Mild below 0.44, Severe from 0.44 on
        Assert.Equal(fromColumns.Checkpoints.Select(c => c.Regime), fromPairs.Checkpoints.Select(c => c.Regime));
        Assert.Equal([SftRegime.Adaptive, SftRegime.Adaptive, SftRegime.Stable, SftRegime.Stable, SftRegime.MildOverfitting, SftRegime.SevereOverfitting], fromPairs.Checkpoints.Select(c => c.Regime));
    }
}
