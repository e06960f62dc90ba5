namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Box constraints of a fit (framework.md §3), with D = max(y) - min(y) over the points fitted:
/// B ∈ [0.01, 100], C_mid ∈ [c_lo, 2 max x], PL ∈ [max y - D/2, max y + D/2], eps ∈ [min y - D/2, min y + D/2].
/// C_mid is searched as u = ln C_mid; because the branch point x = 0 is in the data, the kit's lower bound
/// 0.1 min x is 0, so c_lo is a small positive number instead.
/// </summary>
internal readonly record struct SigmoidBounds(
    double BMin,
    double BMax,
    double LnCMin,
    double LnCMax,
    double PLMin,
    double PLMax,
    double EpsMin,
    double EpsMax)
{
    public const double SteepnessMin = 0.01;
    public const double SteepnessMax = 100;

    /// <summary>The paper's bounds for the points (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static SigmoidBounds ForData(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double xMax = 0, xMinPositive = double.PositiveInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        for (var i = 0; i < x.Length; i++)
        {
            xMax = Math.Max(xMax, x[i]);
            if (x[i] > 0)
            {
                xMinPositive = Math.Min(xMinPositive, x[i]);
            }

            yMin = Math.Min(yMin, y[i]);
            yMax = Math.Max(yMax, y[i]);
        }

        var halfRange = (yMax - yMin) / 2;
        var (lnCMin, lnCMax) = LnCRange(xMinPositive, xMax);
        return new SigmoidBounds(
            SteepnessMin,
            SteepnessMax,
            lnCMin,
            lnCMax,
            yMax - halfRange,
            yMax + halfRange,
            yMin - halfRange,
            yMin + halfRange);
    }

    /// <summary>The box of the points <paramref name="rows"/> of <paramref name="points"/>, whose gains are <paramref name="y"/> (one per row).</summary>
    public static SigmoidBounds ForData(FitPoints points, ReadOnlySpan<int> rows, ReadOnlySpan<double> y)
    {
        Span<double> x = rows.Length <= 256 ? stackalloc double[rows.Length] : new double[rows.Length];
        for (var j = 0; j < rows.Length; j++)
        {
            x[j] = points.X[rows[j]];
        }

        return ForData(x, y);
    }

    /// <summary>
    /// ln C_mid ∈ [ln(1e-4 min positive x), ln(2 max x)]. The kit clips C_mid at 1e-9 from below; anything far
    /// under the first measured compute behaves the same (the curve is already saturated there), so a bound
    /// relative to the data is used.
    /// </summary>
    public static (double Min, double Max) LnCRange(double xMinPositive, double xMax)
        => (Math.Log(double.IsFinite(xMinPositive) ? xMinPositive * 1e-4 : 1e-9), Math.Log(xMax > 0 ? 2 * xMax : 1));

    /// <summary>
    /// The same box on (B, C_mid) with PL and eps free: the reference kit runs unbounded Levenberg–Marquardt
    /// inside its LTS concentration steps and bounds only its plain fits. A box on eps built from all training
    /// points excludes the true offset when a collapse tail or a late training start pulls the minimum score away.
    /// </summary>
    public SigmoidBounds WithFreeLinearParameters() => this with
    {
        PLMin = double.NegativeInfinity,
        PLMax = double.PositiveInfinity,
        EpsMin = double.NegativeInfinity,
        EpsMax = double.PositiveInfinity,
    };

    /// <summary>Moves the shape (B, C_mid) of <paramref name="p"/> into the box; PL and eps are left as they are.</summary>
    public SigmoidParameters ClampShape(SigmoidParameters p)
        => p with { B = ClampB(p.B), CMid = Math.Exp(ClampLnC(Math.Log(Math.Max(p.CMid, double.Epsilon)))) };

    public double ClampB(double b) => Math.Clamp(b, BMin, BMax);

    public double ClampLnC(double u) => Math.Clamp(u, LnCMin, LnCMax);

    public double ClampPL(double pl) => Math.Clamp(pl, PLMin, PLMax);

    public double ClampEps(double eps) => Math.Clamp(eps, EpsMin, EpsMax);

    /// <summary>Whether <paramref name="p"/> leaves the ceiling bounded only by the box: PL on a bound, or C_mid on its upper bound.</summary>
    public bool CeilingAtBound(SigmoidParameters p)
        => Near(p.PL, PLMin) || Near(p.PL, PLMax) || Near(Math.Log(p.CMid), LnCMax);

    /// <summary>The names of the parameters of <paramref name="p"/> that sit on a bound (within a relative 1e-6).</summary>
    public IReadOnlyList<string> BoundParameters(SigmoidParameters p)
    {
        var u = Math.Log(p.CMid);
        var names = new List<string>();
        if (Near(p.B, BMin) || Near(p.B, BMax))
        {
            names.Add("B");
        }

        if (Near(u, LnCMax) || Near(u, LnCMin))
        {
            names.Add("C_mid");
        }

        if (Near(p.PL, PLMin) || Near(p.PL, PLMax))
        {
            names.Add("PL");
        }

        return names;
    }

    private static bool Near(double v, double bound) => double.IsFinite(bound) && Math.Abs(v - bound) <= 1e-6 * Math.Max(1, Math.Abs(bound));
}
