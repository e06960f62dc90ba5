using System.Globalization;
using Headroom.Study.Tests.Data;

namespace Headroom.Study.Tests.Analysis;

/// <summary>The sentence about minimum loss and ceiling says only what its correlation supports.</summary>
public sealed class RecommendationTextTests
{
    [Theory]
    [InlineData(0.05, 0.93)]
    [InlineData(-0.29, 0.64)]
    public void A_correlation_near_zero_is_called_no_relation_and_ranks_no_candidates(double pearson, double p)
    {
        // Given the demo study with its correlation replaced by one near zero (|r| < 0.3)
        var demo = DemoStudy.Result;
        var selection = demo.Selection! with { Correlation = demo.Selection.Correlation with { Pearson = pearson, PearsonPValue = p } };

        // When
        var text = RecommendationText.Of(demo with { Selection = selection });

        // Then it says the loss does not predict the ceiling, and neither calls it a hint nor predicts a candidate
        Assert.Contains($"the minimum validation loss does not predict the ceiling (Pearson r {pearson.ToString("F2", CultureInfo.InvariantCulture)}, p = {p.ToString("F2", CultureInfo.InvariantCulture)}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("a hint", text, StringComparison.Ordinal);
        Assert.DoesNotContain("is predicted highest", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_strong_negative_correlation_with_a_large_p_is_a_hint_in_the_paper_s_direction()
    {
        // Given the demo's own correlation over three datasets: strongly negative, p above 0.05
        var correlation = DemoStudy.Result.Selection!.Correlation;
        Assert.True(correlation.Pearson < -0.3 && correlation.PearsonPValue > 0.05);

        // When
        var text = RecommendationText.Of(DemoStudy.Result);

        // Then
        Assert.Contains("a lower minimum validation loss predicts a higher ceiling", text, StringComparison.Ordinal);
        Assert.Contains("a hint, not yet evidence", text, StringComparison.Ordinal);
    }
}
