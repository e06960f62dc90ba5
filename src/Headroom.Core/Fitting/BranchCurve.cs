namespace Headroom.Core.Fitting;

/// <summary>
/// One RL branch as measured: the SFT checkpoint score it starts from and its RL evaluations.
/// </summary>
/// <param name="Group">The branch label (e.g. the SFT step it started from; "0" for Pure-RL).</param>
/// <param name="PSft">The score of the SFT checkpoint at the branch point (P0 for Pure-RL).</param>
/// <param name="Compute">RL compute since the branch point of each evaluation (any order, non-negative).</param>
/// <param name="Scores">The headline score at each evaluation.</param>
public sealed record BranchCurve(string Group, double PSft, IReadOnlyList<double> Compute, IReadOnlyList<double> Scores)
{
    /// <summary>
    /// The fit data of framework.md §2: the branch point (0, 0) first, then (x, score - P_sft) sorted by
    /// compute (a stable sort, so equal compute keeps the given order).
    /// </summary>
    public (double[] X, double[] Y) ToGains()
    {
        var order = Enumerable.Range(0, Compute.Count).OrderBy(i => Compute[i]).ToArray();
        var x = new double[order.Length + 1];
        var y = new double[order.Length + 1];
        for (var j = 0; j < order.Length; j++)
        {
            x[j + 1] = Compute[order[j]];
            y[j + 1] = Scores[order[j]] - PSft;
        }

        return (x, y);
    }

    /// <summary>True when the evaluations are given in ascending compute.</summary>
    public bool IsSorted => Compute.Zip(Compute.Skip(1)).All(pair => pair.First <= pair.Second);
}
