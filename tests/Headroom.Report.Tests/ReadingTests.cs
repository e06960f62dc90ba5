using System.Globalization;
using System.Text.RegularExpressions;
using Headroom.Core.Regimes;

namespace Headroom.Report.Tests;

/// <summary>What a reader of the demo report is told in words, checked against the study's own numbers.</summary>
public sealed class ReadingTests
{
    [Fact]
    public void The_recommendation_states_the_share_of_headroom_the_best_run_already_realised()
    {
        // Given the best branch's law: the share realised at compute x is 1 / (1 + (C_mid / x)^B) (eps = 0 here)
        var best = DemoReport.Study.BestBranch!;
        var p = best.Ceiling.Fit!.Parameters;
        var share = 1 / (1 + Math.Pow(p.CMid / best.Ceiling.MaxCompute, p.B));

        // When
        var text = DemoReport.Study.Recommendation;

        // Then
        Assert.Equal(0, p.Eps);
        Assert.Contains($"already realises {(share * 100).ToString("G3", CultureInfo.InvariantCulture)}% of that headroom", text, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_best_branch_point_is_still_adaptive_the_recommendation_names_the_nearest_stable_branch()
    {
        // Given the demo: the best branch starts at hard102k's step 1200 (Adaptive); its first Stable branch is at 1800
        var study = DemoReport.Study;
        Assert.Equal("hard102k-step1200", study.BestBranch!.Name);
        Assert.Equal(SftRegime.Adaptive, study.BestBranch.Regime);
        var stable = study.Branches.Single(b => b.Name == "hard102k-step1800");

        // Then the sentence gives that branch's ceiling
        Assert.Contains($"That checkpoint is still Adaptive; the Stable branch at step 1800 reaches {stable.Ceiling.APost.ToString("F1", CultureInfo.InvariantCulture)}", study.Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_correlation_over_three_datasets_is_called_a_hint_with_its_p_value()
    {
        // Given three datasets: r = -0.91 has p > 0.05 with one degree of freedom
        var correlation = DemoReport.Study.Selection!.Correlation;
        Assert.Equal(3, correlation.Count);
        Assert.True(correlation.PearsonPValue > 0.05);

        // Then
        Assert.Contains($"p = {correlation.PearsonPValue.ToString("F2", CultureInfo.InvariantCulture)}: a hint, not yet evidence", DemoReport.Study.Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reach_interval_beyond_a_hundred_times_the_measured_compute_is_shown_as_unbounded()
    {
        // Given the branches whose 99% interval ends beyond 100 times their measured compute, and those within
        var study = DemoReport.Study;
        var html = StudyReport.Page(study);
        var reach = html[html.IndexOf("<section id=\"next\">", StringComparison.Ordinal)..];
        var fitted = study.Branches.Where(b => b.Reach.Count == 3).ToList();
        var unbounded = fitted.Where(b => b.Reach[2].Interval.High > 100 * b.Ceiling.MaxCompute).ToList();
        var bounded = fitted.Except(unbounded).ToList();
        Assert.NotEmpty(unbounded);
        Assert.NotEmpty(bounded);

        // Then each row ends its 99% cell with ∞ exactly when its interval is unbounded
        foreach (var branch in fitted)
        {
            var row = reach[reach.IndexOf($"<td>{branch.Name}</td>", StringComparison.Ordinal)..];
            var cell = Regex.Split(row, "<td[^>]*>")[6];
            Assert.Equal(unbounded.Contains(branch), cell.Contains("–∞)", StringComparison.Ordinal));
        }
    }
}
