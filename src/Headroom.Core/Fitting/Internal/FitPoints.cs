namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// The compute values of one training window with what every fit on them reuses: ln x, the branch-point flags,
/// and the logistic basis s_ci = σ(B_c (ln x_i - u_c)) of every cell c of the global grid (<see cref="GridStarts"/>).
/// x is fixed across bootstrap resamples and rejection rounds, so this is built once per branch and shared
/// (read-only) by every problem on a subset of its points. The basis takes 504 n doubles (280 kB at n = 70).
/// </summary>
internal sealed class FitPoints
{
    public FitPoints(ReadOnlySpan<double> x)
    {
        Count = x.Length;
        X = x.ToArray();
        LnX = new double[Count];
        AtBranch = new bool[Count];
        double xMax = 0, xMinPositive = double.PositiveInfinity;
        for (var i = 0; i < Count; i++)
        {
            AtBranch[i] = x[i] <= 0;
            LnX[i] = AtBranch[i] ? 0 : Math.Log(x[i]);
            xMax = Math.Max(xMax, x[i]);
            if (x[i] > 0)
            {
                xMinPositive = Math.Min(xMinPositive, x[i]);
            }
        }

        (GridLnCMin, GridLnCMax) = SigmoidBounds.LnCRange(xMinPositive, xMax);
        GridU = new double[GridStarts.USteps];
        for (var ui = 0; ui < GridU.Length; ui++)
        {
            GridU[ui] = GridLnCMin + ((GridLnCMax - GridLnCMin) * (ui + 0.5) / GridU.Length);
        }

        var steepness = GridStarts.Steepness;
        Basis = new double[GridU.Length * steepness.Count * Count];
        BasisSum = new double[GridU.Length * steepness.Count];
        BasisSquareSum = new double[BasisSum.Length];
        for (var ui = 0; ui < GridU.Length; ui++)
        {
            for (var bi = 0; bi < steepness.Count; bi++)
            {
                var offset = ((ui * steepness.Count) + bi) * Count;
                for (var i = 0; i < Count; i++)
                {
                    var s = AtBranch[i] ? 0 : SigmoidLaw.Logistic(steepness[bi] * (LnX[i] - GridU[ui]));
                    Basis[offset + i] = s;
                    BasisSum[offset / Count] += s;
                    BasisSquareSum[offset / Count] += s * s;
                }
            }
        }
    }

    public int Count { get; }

    public double[] X { get; }

    public double[] LnX { get; }

    public bool[] AtBranch { get; }

    /// <summary>The grid's range of u = ln C_mid, from the whole window (a subset's box may be narrower).</summary>
    public double GridLnCMin { get; }

    public double GridLnCMax { get; }

    /// <summary>u of each grid column.</summary>
    public double[] GridU { get; }

    /// <summary>s of cell (ui, bi) at point i, at [((ui · |B|) + bi) · Count + i].</summary>
    public double[] Basis { get; }

    /// <summary>Σ_i s_ci over the window, per cell.</summary>
    public double[] BasisSum { get; }

    /// <summary>Σ_i s_ci² over the window, per cell.</summary>
    public double[] BasisSquareSum { get; }
}
