using System.Globalization;
using Headroom.Core.Fitting;
using Headroom.Study.Tests.Data;

namespace Headroom.Study.Tests.Analysis;

/// <summary>The recommendation's claims follow the numbers: which ceiling is highest, and what the loss correlation supports.</summary>
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

    [Fact]
    public void The_best_branch_is_called_the_study_s_highest_ceiling_only_when_no_identified_alternative_is_higher()
    {
        // Given the demo study, whose best branch tops every paradigm, and the same study with one identified
        // alternative set 2 points above that branch, its interval wholly above the branch's
        var demo = DemoStudy.Result;
        var best = demo.BestBranch!.Ceiling.APost;
        Assert.All(demo.Paradigms.Where(p => p.Paradigm != Paradigm.SftThenRl), p => Assert.False(p.Ceiling > best && (p.Identified || p.IsPeak)));
        var alternative = demo.Paradigms.First(p => p.Paradigm is Paradigm.PureRl or Paradigm.Synchronized);
        var above = new Interval(demo.BestBranch.Ceiling.Intervals.APost.High + 1, best + 4);
        var higher = demo with { Paradigms = [.. demo.Paradigms.Select(p => p == alternative ? p with { Ceiling = best + 2, CeilingInterval = above, Identified = true } : p)] };

        // When
        var asIs = RecommendationText.Of(demo);
        var outranked = RecommendationText.Of(higher);

        // Then only the first calls the branch the study's highest; the second says which alternative is above it and by how much
        Assert.StartsWith("The highest ceiling in this study is RL from SFT checkpoint", asIs, StringComparison.Ordinal);
        Assert.StartsWith("The highest SFT-then-RL ceiling is RL from SFT checkpoint", outranked, StringComparison.Ordinal);
        Assert.Contains($"{alternative.Label} reaches {(best + 2).ToString("F1", CultureInfo.InvariantCulture)}, 2.0 points above SFT-then-RL.", outranked, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alternative_above_the_best_branch_whose_interval_overlaps_the_branch_s_is_not_told_apart_from_it()
    {
        // Given the demo study with one identified alternative 2 points above the best branch, its interval reaching
        // down into the branch's (as a Pure-RL curve still rising gives: a high ceiling, a wide interval)
        var demo = DemoStudy.Result;
        var c = demo.BestBranch!.Ceiling;
        var alternative = demo.Paradigms.First(p => p.Paradigm is Paradigm.PureRl or Paradigm.Synchronized);
        var wide = new Interval(c.Intervals.APost.High - 0.5, c.APost + 12);
        var overlapping = demo with { Paradigms = [.. demo.Paradigms.Select(p => p == alternative ? p with { Ceiling = c.APost + 2, CeilingInterval = wide, Identified = true } : p)] };

        // When
        var text = RecommendationText.Of(overlapping);

        // Then it names the gap and the interval, and says the two are not told apart
        var f = (double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        Assert.Contains($"{alternative.Label} reaches {f(c.APost + 2)}, 2.0 points above SFT-then-RL, but its interval ({f(wide.Low)}–{f(wide.High)}) overlaps SFT-then-RL's, so the two are not told apart.", text, StringComparison.Ordinal);
    }
}
