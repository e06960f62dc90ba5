using Headroom.Core.Selection;

namespace Headroom.Core.Tests.Selection;

public sealed class DatasetSelectionTests
{
    // The paper's five SFT datasets on Qwen2.5-7B (minimum validation loss, best A_post).
    private static DatasetOutcome[] Paper =>
    [
        new("S1K", 0.51, 77.3),
        new("Easy", 0.44, 78.8),
        new("Uniform", 0.42, 79.7),
        new("Hard", 0.40, 82.8),
        new("SFT889K", 0.37, 84.0),
    ];

    // By hand: x̄ = 2.14/5 = 0.428, ȳ = 402.6/5 = 80.52
    //   x − x̄ = 0.082, 0.012, −0.008, −0.028, −0.058      y − ȳ = −3.22, −1.72, −0.82, 2.28, 3.48
    //   Sxx = 0.006724 + 0.000144 + 0.000064 + 0.000784 + 0.003364 = 0.01108
    //   Syy = 10.3684 + 2.9584 + 0.6724 + 5.1984 + 12.1104        = 31.308
    //   Sxy = −0.26404 − 0.02064 + 0.00656 − 0.06384 − 0.20184   = −0.5438
    //   r = Sxy / √(Sxx Syy) = −0.5438 / √0.34689264 ≈ −0.9233;  b = Sxy / Sxx ≈ −49.079;  a = ȳ − b x̄
    // Spearman: the loss ranks (5,4,3,2,1) are the ceiling ranks (1,2,3,4,5) reversed, so ρ = −1 exactly.
    private const double Sxx = 0.01108;
    private const double Syy = 31.308;
    private const double Sxy = -0.5438;
    private const double MeanLoss = 0.428;
    private const double MeanCeiling = 80.52;

    // Student t quantiles from a printed table: t(0.975, 3) and t(0.95, 3).
    private const double T975Df3 = 3.182446305;
    private const double T95Df3 = 2.353363435;

    [Fact]
    public void The_papers_five_datasets_give_pearson_minus_0_92_and_spearman_minus_1()
    {
        // When
        var analysis = DatasetSelection.Analyze(Paper);

        // Then
        Precision.AssertClose(Sxy / Math.Sqrt(Sxx * Syy), analysis.Correlation.Pearson, 9, "Pearson r");
        Precision.AssertWithin(-0.92, analysis.Correlation.Pearson, 0.005, "the paper's r");
        Precision.AssertClose(-1.0, analysis.Correlation.Spearman, 12, "Spearman rho");
        Assert.Equal(5, analysis.Correlation.Count);
    }

    [Fact]
    public void The_line_is_the_least_squares_fit_of_ceiling_on_loss()
    {
        // When
        var predictor = DatasetSelection.Analyze(Paper).Predictor;

        // Then
        var slope = Sxy / Sxx;
        Precision.AssertClose(slope, predictor.Slope, 9, "slope");
        Precision.AssertClose(MeanCeiling - (slope * MeanLoss), predictor.Intercept, 9, "intercept");
        Precision.AssertClose(Sxy * Sxy / (Sxx * Syy), predictor.RSquared, 9, "R²");
        Precision.AssertClose(Math.Sqrt((Syy - (Sxy * Sxy / Sxx)) / 3), predictor.ResidualStandardError, 9, "s");
    }

    [Fact]
    public void A_candidate_gets_the_student_t_prediction_interval()
    {
        // Given a candidate with loss 0.35: ŷ ± t(0.975,3) s √(1 + 1/5 + (0.35 − 0.428)² / Sxx)
        var slope = Sxy / Sxx;
        var predicted = MeanCeiling + (slope * (0.35 - MeanLoss));
        var s = Math.Sqrt((Syy - (Sxy * Sxy / Sxx)) / 3);
        var halfWidth = T975Df3 * s * Math.Sqrt(1 + 0.2 + (0.078 * 0.078 / Sxx));

        // When
        var candidate = DatasetSelection.Analyze(Paper, [new DatasetCandidate("Bigger", 0.35)]).Ranking.Single();

        // Then
        Precision.AssertClose(predicted, candidate.Predicted, 9, "prediction");
        Precision.AssertClose(predicted - halfWidth, candidate.Low, 7, "low");
        Precision.AssertClose(predicted + halfWidth, candidate.High, 7, "high");
        Assert.True(double.IsNaN(candidate.Observed));
    }

    [Fact]
    public void A_lower_level_narrows_the_interval_by_the_ratio_of_t_quantiles()
    {
        // Given
        DatasetCandidate[] candidate = [new("Mid", 0.43)];

        // When
        var at95 = DatasetSelection.Analyze(Paper, candidate).Ranking.Single();
        var at90 = DatasetSelection.Analyze(Paper, candidate, new SelectionOptions { Level = 0.90 }).Ranking.Single();

        // Then
        Precision.AssertClose(T95Df3 / T975Df3, (at90.High - at90.Low) / (at95.High - at95.Low), 7, "width ratio");
    }

    [Fact]
    public void Candidates_are_ranked_by_predicted_ceiling_and_extrapolation_is_flagged()
    {
        // Given losses 0.45 and 0.41 inside the observed range [0.37, 0.51], 0.35 outside it
        DatasetCandidate[] candidates = [new("A", 0.45), new("B", 0.35), new("C", 0.41)];

        // When
        var analysis = DatasetSelection.Analyze(Paper, candidates);

        // Then: the slope is negative, so the lowest loss ranks first
        Assert.Equal(["B", "C", "A"], analysis.Ranking.Select(p => p.Name));
        Assert.Equal([true, false, false], analysis.Ranking.Select(p => p.Extrapolated));
        Assert.Contains(analysis.Warnings, w => w.StartsWith("Extrapolation", StringComparison.Ordinal) && w.Contains("B (0.35)", StringComparison.Ordinal));
    }

    [Fact]
    public void Fitted_datasets_carry_their_residuals()
    {
        // When
        var s1k = DatasetSelection.Analyze(Paper).Fitted[0];

        // Then: residual = 77.3 − (ȳ + b (0.51 − x̄))
        Precision.AssertClose(77.3 - (MeanCeiling + (Sxy / Sxx * 0.082)), s1k.Residual, 7, "S1K residual");
        Assert.False(s1k.Extrapolated);
    }

    [Fact]
    public void Two_datasets_give_a_line_without_interval()
    {
        // Given
        DatasetOutcome[] two = [new("X", 0.5, 70), new("Y", 0.4, 80)];

        // When
        var analysis = DatasetSelection.Analyze(two, [new DatasetCandidate("Z", 0.45)]);

        // Then: the line through (0.5, 70) and (0.4, 80) predicts 75 at 0.45
        Precision.AssertClose(75, analysis.Ranking[0].Predicted, 12);
        Assert.True(double.IsNaN(analysis.Ranking[0].Low));
        Assert.True(double.IsNaN(analysis.Correlation.PearsonPValue));
        Assert.Contains(analysis.Warnings, w => w.StartsWith("Fewer than 3", StringComparison.Ordinal));
    }

    [Fact]
    public void One_dataset_gives_no_predictor_and_candidates_ranked_by_loss()
    {
        // When
        var analysis = DatasetSelection.Analyze([new DatasetOutcome("X", 0.5, 70)], [new("Hi", 0.6), new("Lo", 0.3)]);

        // Then
        Assert.False(analysis.Predictor.IsDefined);
        Assert.True(double.IsNaN(analysis.Correlation.Pearson));
        Assert.Equal(["Lo", "Hi"], analysis.Ranking.Select(p => p.Name));
        Assert.Contains(analysis.Warnings, w => w.Contains("ranked by loss alone", StringComparison.Ordinal));
    }

    [Fact]
    public void Equal_losses_give_no_predictor()
    {
        // When
        var analysis = DatasetSelection.Analyze([new DatasetOutcome("X", 0.5, 70), new("Y", 0.5, 80), new("Z", 0.5, 75)]);

        // Then
        Assert.False(analysis.Predictor.IsDefined);
        Assert.True(double.IsNaN(analysis.Correlation.Spearman));
        Assert.Contains(analysis.Warnings, w => w.Contains("same minimum loss", StringComparison.Ordinal));
    }

    [Fact]
    public void A_positive_slope_is_flagged()
    {
        // When
        var analysis = DatasetSelection.Analyze([new DatasetOutcome("X", 0.4, 70), new("Y", 0.5, 80), new("Z", 0.6, 85)]);

        // Then
        Assert.True(analysis.Predictor.Slope > 0);
        Assert.Contains(analysis.Warnings, w => w.Contains("not negative", StringComparison.Ordinal));
    }

    [Fact]
    public void Datasets_with_nan_are_left_out_and_named()
    {
        // Given
        DatasetOutcome[] withNaN = [.. Paper, new("Broken", double.NaN, 80)];

        // When
        var analysis = DatasetSelection.Analyze(withNaN);

        // Then
        Assert.Equal(["Broken"], analysis.SkippedNonFinite);
        Assert.Equal(5, analysis.Correlation.Count);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(95.0)]
    public void A_level_outside_zero_to_one_is_rejected(double level)
    {
        // When / Then
        Assert.Throws<InvalidSettingException>(() => DatasetSelection.Analyze(Paper, null, new SelectionOptions { Level = level }));
    }

    [Fact]
    public void Pearson_p_value_is_five_percent_where_t_reaches_its_table_quantile()
    {
        // Given n = 5 (3 degrees of freedom) and r with r √(3 / (1 − r²)) = t(0.975, 3), i.e. r = t / √(t² + 3)
        var r = T975Df3 / Math.Sqrt((T975Df3 * T975Df3) + 3);

        // When / Then
        Precision.AssertClose(0.05, DatasetSelection.PearsonPValue(r, 5), 6, "p");
        Precision.AssertClose(0.05, DatasetSelection.PearsonPValue(-r, 5), 6, "p for negative r");
        Assert.True(double.IsNaN(DatasetSelection.PearsonPValue(0.9, 2)));
    }
}
