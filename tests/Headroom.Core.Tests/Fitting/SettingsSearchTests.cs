using Headroom.Core.Fitting;
using Headroom.Core.Randomness;
using Headroom.Core.Tests.Data;

namespace Headroom.Core.Tests.Fitting;

public sealed class SettingsSearchTests
{
    [Fact]
    public void The_selection_score_penalises_a_gap_between_train_and_validation_fit()
    {
        // Given R²_train 0.9 and R²_val 0.6: 0.6 - 0.2·0.3 = 0.54; when validation is better, no penalty
        Assert.Equal(0.54, Fit(0.9, 0.6).SelectionScore, 12);
        Assert.Equal(0.95, Fit(0.8, 0.95).SelectionScore, 12);
    }

    [Fact]
    public void The_search_prefers_settings_that_predict_the_held_out_points()
    {
        // Given a noisy law with one spike
        var (x, y) = Curves.Exact(new SigmoidParameters(1.5, 10, 8), 30, 50);
        var random = SeedSequence.Create(1, 6);
        for (var i = 1; i < y.Length; i++)
        {
            y[i] += 0.3 * random.NextGaussian();
        }

        y[20] += 5;

        // When
        var best = SettingsSearch.Best(x, y)!.Value;

        // Then the chosen fit predicts the held-out plateau to within the noise and recovers the ceiling
        Assert.True(best.Fit.RmseValidation < 0.6, $"RMSE_val {best.Fit.RmseValidation}");
        Assert.InRange(best.Fit.Parameters.PL, 7.5, 8.5);
        Assert.True(best.Candidates > 100);
        Assert.True(best.Fit.SelectionScore >= SettingsSearch.Best(x, y, SettingsSearchSpace.Default with { Thresholds = [4.0], LtsAlphas = [null], TryFreeOffset = false })!.Value.Fit.SelectionScore);
    }

    [Fact]
    public void A_curve_too_short_for_a_validation_split_has_no_search()
    {
        var (x, y) = Curves.Exact(new SigmoidParameters(1.5, 10, 8), 6, 40);

        Assert.Null(SettingsSearch.Best(x, y));
    }

    private static SigmoidFit Fit(double r2Train, double r2Validation) => new()
    {
        Parameters = new SigmoidParameters(1, 1, 1),
        Status = FitStatus.Converged,
        Settings = FitSettings.Default,
        TrainStart = 0,
        TrainEnd = 10,
        Outliers = [],
        R2Train = r2Train,
        R2Validation = r2Validation,
        RmseValidation = 0,
        RmseTrain = 0,
        Aic = 0,
        Bic = 0,
        TrimmedLoss = double.NaN,
        AtBound = [],
        ValidationCount = 5,
    };
}
