using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>
/// Compute still needed to realise 90, 95 and 99% of a branch's headroom: the law inverted at each fraction,
/// x_f = C_mid (f / (1 - f))^(1/B), for the fit and for every bootstrap replicate (percentile intervals).
/// </summary>
internal static class Reach
{
    public static IReadOnlyList<double> Fractions { get; } = [0.90, 0.95, 0.99];

    public static IReadOnlyList<HeadroomReach> Of(BranchCeiling ceiling)
    {
        if (ceiling.Method != CeilingMethod.Sigmoid || ceiling.Fit is not { } fit || !fit.Parameters.IsValid)
        {
            return [];
        }

        var observed = ceiling.MaxCompute;
        var level = ceiling.Intervals.Level;
        return Fractions.Select(f =>
        {
            var x = SigmoidLaw.ComputeForFraction(fit.Parameters, f);
            var replicates = ceiling.Intervals.Replicates.Select(r => SigmoidLaw.ComputeForFraction(r.Parameters, f)).Where(double.IsFinite).ToArray();
            var interval = Interval.Percentiles(replicates, level);
            var remaining = interval.IsKnown ? new Interval(Math.Max(0, interval.Low - observed), Math.Max(0, interval.High - observed)) : Interval.None;
            return new HeadroomReach(f, x, interval, Math.Max(0, x - observed), remaining);
        }).ToList();
    }
}
