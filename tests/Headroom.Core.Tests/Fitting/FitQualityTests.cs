using Headroom.Core.Fitting.Internal;

namespace Headroom.Core.Tests.Fitting;

public sealed class FitQualityTests
{
    [Fact]
    public void R_squared_rmse_aic_and_bic_match_a_hand_calculation()
    {
        // Given observed 1, 2, 3, 4 (mean 2.5, TSS 5) and predicted 1, 2, 3, 5 (RSS 1)
        double[] observed = [1, 2, 3, 4];
        double[] predicted = [1, 2, 3, 5];

        // Then R² = 1 - 1/5, RMSE = sqrt(1/4), AIC = 4 ln(1/4) + 2·3, BIC = 4 ln(1/4) + 3 ln 4
        Precision.AssertClose(0.8, FitQuality.RSquared(observed, predicted), 14);
        Precision.AssertClose(0.5, FitQuality.Rmse(observed, predicted), 14);
        Precision.AssertClose((4 * Math.Log(0.25)) + 6, FitQuality.Aic(4, 1, 3), 14);
        Precision.AssertClose((4 * Math.Log(0.25)) + (3 * Math.Log(4)), FitQuality.Bic(4, 1, 3), 14);
    }

    [Fact]
    public void Degenerate_inputs_give_NaN()
    {
        Assert.True(double.IsNaN(FitQuality.RSquared([1.0], [1.0])));
        Assert.True(double.IsNaN(FitQuality.RSquared([2.0, 2.0], [1.0, 3.0])));
        Assert.True(double.IsNaN(FitQuality.Rmse([], [])));
        Assert.True(double.IsNaN(FitQuality.Aic(0, 1, 3)));
    }

    [Fact]
    public void Modified_z_score_flags_what_a_hand_calculation_flags()
    {
        // Given residuals 0, 1, -1, 0.5, 10: median 0.5, |r - 0.5| = 0.5, 0.5, 1.5, 0, 9.5 -> MAD 0.5
        // M = 0.6745 (r - 0.5) / 0.5: -0.6745, 0.6745, -2.0235, 0, 12.8155
        double[] residuals = [0, 1, -1, 0.5, 10];
        var inlier = new bool[5];

        // When tau = 2.5 then tau = 2.0
        ModifiedZScore.Classify(residuals, 2.5, inlier);
        Assert.Equal([true, true, true, true, false], inlier);
        ModifiedZScore.Classify(residuals, 2.0, inlier);
        Assert.Equal([true, true, false, true, false], inlier);
    }

    [Fact]
    public void Modified_z_score_uses_a_mad_of_one_when_most_residuals_are_equal()
    {
        // Given MAD = 0: M_i = 0.6745 (r_i - 0) / 1, so 4 is flagged at tau 2.5 (M = 2.698) and 3 is not (M = 2.0235)
        var inlier = new bool[5];
        ModifiedZScore.Classify([0, 0, 0, 3, 4], 2.5, inlier);

        Assert.Equal([true, true, true, true, false], inlier);
    }

    [Fact]
    public void Rounding_noise_below_the_mad_floor_flags_nothing()
    {
        // Given residuals at the 1e-9 level (an exact fit) and a floor of 1e-6: |M| <= 0.6745 · 3e-9 / 1e-6
        var inlier = new bool[5];
        ModifiedZScore.Classify([1e-9, -2e-9, 0, 3e-9, -1e-9], 2.5, inlier, madFloor: 1e-6);

        Assert.All(inlier, Assert.True);
    }
}
