using Headroom.Core.Fitting;
using Headroom.Core.Tests.Data;

namespace Headroom.Core.Tests.Fitting.Regressions;

/// <summary>
/// Issue 8: paper mode off the curves it was built on. The curve and the expected A_post are committed in
/// Data/Regressions/Issue8 with the script that made them (make_curve.py runs the scipy reference).
/// </summary>
public sealed class Issue8PaperModeTests
{
    [Fact]
    public void Paper_mode_matches_the_reference_on_a_late_window_free_offset_curve_with_a_collapse_tail()
    {
        // Given a simulated branch with a free offset, a training window [6, 34) and a collapse tail inside it,
        // fitted with LTS 0.75 and tau 2.5, and the A_post the reference script fits to it (78.56)
        var folder = SharedData.InRepository("tests", "Headroom.Core.Tests", "Data", "Regressions", "Issue8");
        var curves = RetuCurves.Read(folder, "issue8_", "issue8_expected_reference.csv", "branch_curves.csv");
        var (x, y) = curves.Branches[1];
        var settings = curves.Settings[1] with { LtsSearch = LtsSearch.Kit };

        // When Headroom fits it in paper mode, alone and through the estimator with those explicit settings
        var fit = RobustSigmoidFitter.Default.FitSorted(x, y, settings);
        var ceiling = new CeilingEstimator().Estimate(
            new BranchCurve("1", curves.SftScores[1], x[1..], y[1..].Select(v => v + curves.SftScores[1]).ToArray()),
            settings,
            new CeilingOptions { ExplicitSettings = true });

        // Then both land within 0.05 of the reference (a box on eps inside LTS left it 0.77 low, with a steeper B)
        var expected = curves.Table4[1].APost;
        Precision.AssertWithin(expected, curves.SftScores[1] + fit.Parameters.PL, 0.05, "A_post of the fit");
        Precision.AssertWithin(expected, ceiling.APost, 0.05, "A_post of the estimate");
        Assert.Equal(CeilingMethod.Sigmoid, ceiling.Method);
    }

    [Fact]
    public void Nudged_restarts_never_leave_the_box_on_the_steepness()
    {
        // Given an exact step: 0 up to x = 9, then 5 from x = 10 on, which the law approaches as B grows without limit
        var x = Enumerable.Range(0, 21).Select(i => (double)i).ToArray();
        var y = x.Select(v => v < 10 ? 0.0 : 5.0).ToArray();

        // When the kit's search fits it with LTS, nudging B by +0.03 from its bound
        var fit = RobustSigmoidFitter.Default.FitSorted(x, y, new FitSettings { OutlierThreshold = null, LtsAlpha = 0.75, LtsSearch = LtsSearch.Kit });

        // Then B stops on its bound of 100 instead of creeping past it (unclamped starts gave 100.24), and says so
        Assert.True(fit.Parameters.B <= 100, $"B = {fit.Parameters.B} left the box");
        Assert.Contains("B", fit.AtBound);
    }
}
