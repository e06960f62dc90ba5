using Headroom.Core.Fitting;
using Headroom.Core.Tests.Data;

namespace Headroom.Core.Tests.Fitting;

public sealed class PaperTable4Tests(ITestOutputHelper output)
{
    [Fact]
    public void Paper_mode_reproduces_the_a_post_of_table_4()
    {
        // Given the paper's measured SFT889K curves and its per-branch settings
        var retu = RetuCurves.Load();

        // When each branch is fitted with those settings
        var misses = new List<string>();
        foreach (var (step, expected) in retu.Table4.OrderBy(kv => kv.Key))
        {
            var (x, y) = retu.Branches[step];
            var fit = RobustSigmoidFitter.Default.FitSorted(x, y, retu.Settings[step] with { LtsSearch = LtsSearch.Kit });
            var aPost = retu.SftScores[step] + fit.Parameters.PL;
            output.WriteLine($"{step,6} a_post {aPost,7:F2} (paper {expected.APost,6:F2})  PL {fit.Parameters.PL,6:F2}  Cmid {fit.Parameters.CMid,6:F2}  B {fit.Parameters.B,5:F2}  outliers {fit.Outliers.Count} TL {fit.TrimmedLoss:F4} {fit.Status}");
            var tolerance = step == ReferenceMiss ? 1.5 : 0.5;
            if (Math.Abs(aPost - expected.APost) > tolerance)
            {
                misses.Add($"{step}: {aPost:F2} vs {expected.APost:F2} (±{tolerance})");
            }
        }

        // Then every branch is within ±0.5 of the paper, except 1800, where the scipy reference itself
        // (../shared/tools/retu_reference_fit.py) lands at 79.86 against the published 81.0: within ±1.5 there
        Assert.Empty(misses);
    }

    /// <summary>The one branch the reference script does not reproduce (79.86 against Table 4's 81.0).</summary>
    private const int ReferenceMiss = 1800;
}
