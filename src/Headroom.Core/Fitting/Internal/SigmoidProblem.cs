using System.Numerics;

namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Least squares for the law on a fixed set of points, reduced to the two nonlinear parameters by
/// variable projection (Golub &amp; Pereyra 1973). With s_i = σ(B (ln x_i - u)), u = ln C_mid (s = 0 at x = 0):
///
///     g_i = eps (1 - s_i) + PL s_i
///
/// is linear in (eps, PL), so for fixed (B, u) the best (eps, PL) inside their box is found in closed
/// form, and only the 2-D search over (B, u) remains. RSS(B, u) below is that reduced objective.
/// </summary>
internal sealed class SigmoidProblem
{
    private readonly FitPoints _points;
    private readonly int[] _rows;
    private readonly double[] _lnX;
    private readonly bool[] _atBranch;
    private readonly double[] _y;
    private readonly double[] _s;
    private double[]? _gridY;
    private int[] _left = [];
    private double _ySum;
    private double _yy;

    /// <summary>The problem on the points <paramref name="rows"/> of <paramref name="points"/>, with gains <paramref name="y"/> (one per row).</summary>
    public SigmoidProblem(FitPoints points, ReadOnlySpan<int> rows, ReadOnlySpan<double> y, bool freeOffset, SigmoidBounds bounds)
    {
        _points = points;
        Count = rows.Length;
        _rows = new int[Count];
        _lnX = new double[Count];
        _atBranch = new bool[Count];
        _y = new double[Count];
        _s = new double[Count];
        FreeOffset = freeOffset;
        Bounds = bounds;
        Reload(rows, y);
    }

    /// <summary>Moves the problem to other points of the same window, as many as before (the C-steps refit one h-subset after another).</summary>
    public void Reload(ReadOnlySpan<int> rows, ReadOnlySpan<double> y)
    {
        if (rows.Length != Count || y.Length != Count)
        {
            throw new ArgumentException($"A problem of {Count} points cannot take {rows.Length}.", nameof(rows));
        }

        rows.CopyTo(_rows);
        y.CopyTo(_y);
        for (var j = 0; j < Count; j++)
        {
            _atBranch[j] = _points.AtBranch[rows[j]];
            _lnX[j] = _points.LnX[rows[j]];
        }

        _gridY = null;
    }

    public int Count { get; }

    public bool FreeOffset { get; }

    public SigmoidBounds Bounds { get; }

    /// <summary>The fit's points as indices into the window's <see cref="FitPoints"/>.</summary>
    public ReadOnlySpan<int> Rows => _rows;

    /// <summary>The gains, one per row.</summary>
    public ReadOnlySpan<double> Y => _y;

    public FitPoints Points => _points;

    /// <summary>The reduced residual sum of squares at (B, u), with the optimal linear parameters.</summary>
    public double Evaluate(double b, double u, out double pl, out double eps)
    {
        for (var i = 0; i < Count; i++)
        {
            _s[i] = _atBranch[i] ? 0 : SigmoidLaw.Logistic(b * (_lnX[i] - u));
        }

        return FreeOffset ? SolveFree(out pl, out eps) : SolveFixed(out pl, out eps);
    }

    /// <summary>
    /// The reduced RSS at grid cell <paramref name="cell"/> of the window's basis, from sums alone: with the window's
    /// Σs and Σs² per cell precomputed (<see cref="FitPoints"/>), a cell costs one contiguous dot product Σ s_i y_i
    /// (y set to 0 at the window points this problem leaves out) and a correction over those few points.
    /// </summary>
    public double EvaluateGridCell(int cell, out double pl, out double eps)
    {
        _gridY ??= GridLayout();
        var n = _points.Count;
        var basis = _points.Basis.AsSpan(cell * n, n);
        double s1 = _points.BasisSum[cell], s2 = _points.BasisSquareSum[cell];
        var sy = Dot(basis, _gridY);

        foreach (var i in _left)
        {
            s1 -= basis[i];
            s2 -= basis[i] * basis[i];
        }

        if (!FreeOffset)
        {
            return SolveFixed(sy, s2, _yy, out pl, out eps);
        }

        // a = 1 - s, c = s: aa = m - 2Σs + Σs², ac = Σs - Σs², cc = Σs², av = Σy - Σsy, cv = Σsy.
        var products = new BasisProducts(Count - (2 * s1) + s2, s1 - s2, s2, _ySum - sy, sy, _yy);
        return SolveFree(products, out pl, out eps);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = Vector<double>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            sum += new Vector<double>(a[i..]) * new Vector<double>(b[i..]);
        }

        var dot = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    /// <summary>y spread over the window (0 where a window point is not in this problem), and the points left out.</summary>
    private double[] GridLayout()
    {
        var spread = new double[_points.Count];
        var inProblem = new bool[_points.Count];
        _ySum = 0;
        _yy = 0;
        for (var j = 0; j < Count; j++)
        {
            spread[_rows[j]] += _y[j];
            inProblem[_rows[j]] = true;
            _ySum += _y[j];
            _yy += _y[j] * _y[j];
        }

        _left = Enumerable.Range(0, _points.Count).Where(i => !inProblem[i]).ToArray();
        return spread;
    }

    /// <summary>(y_i - g(x_i; p))² for every point, +∞ where it is not finite.</summary>
    public void SquaredResiduals(SigmoidParameters p, Span<double> squared)
    {
        var lnC = Math.Log(p.CMid);
        var amplitude = p.PL - p.Eps;
        for (var i = 0; i < Count; i++)
        {
            var r = _y[i] - (_atBranch[i] ? p.Eps : p.Eps + (amplitude * SigmoidLaw.Logistic(p.B * (_lnX[i] - lnC))));
            squared[i] = double.IsFinite(r) ? r * r : double.PositiveInfinity;
        }
    }

    /// <summary>Σ (y_i - g(x_i; p))² at full parameters <paramref name="p"/> (no projection).</summary>
    public double ResidualSumOfSquares(SigmoidParameters p)
    {
        var lnC = Math.Log(p.CMid);
        var amplitude = p.PL - p.Eps;
        var rss = 0.0;
        for (var i = 0; i < Count; i++)
        {
            var g = _atBranch[i] ? p.Eps : p.Eps + (amplitude * SigmoidLaw.Logistic(p.B * (_lnX[i] - lnC)));
            rss += (_y[i] - g) * (_y[i] - g);
        }

        return rss;
    }

    /// <summary>
    /// JᵀJ (row stride 4) and Jᵀr of the full law in θ = (B, C_mid, PL[, eps]) at <paramref name="p"/>, for the
    /// first <paramref name="k"/> parameters: ∂g/∂B = A s(1-s) z, ∂g/∂C_mid = -A s(1-s) B / C_mid, ∂g/∂PL = s,
    /// ∂g/∂eps = 1 - s, with z = ln x - ln C_mid, s = σ(B z), A = PL - eps (only ∂eps survives at x = 0).
    /// </summary>
    public void NormalEquations(SigmoidParameters p, int k, Span<double> jtj, Span<double> jtr)
    {
        const int Stride = 4;
        jtj.Clear();
        jtr.Clear();
        Span<double> row = stackalloc double[Stride];
        var lnC = Math.Log(p.CMid);
        var amplitude = p.PL - p.Eps;
        for (var i = 0; i < Count; i++)
        {
            double residual;
            if (_atBranch[i])
            {
                row.Clear();
                row[3] = 1;
                residual = _y[i] - p.Eps;
            }
            else
            {
                var z = _lnX[i] - lnC;
                var s = SigmoidLaw.Logistic(p.B * z);
                var slope = amplitude * s * (1 - s);
                row[0] = slope * z;
                row[1] = -slope * p.B / p.CMid;
                row[2] = s;
                row[3] = 1 - s;
                residual = _y[i] - (p.Eps + (amplitude * s));
            }

            for (var a = 0; a < k; a++)
            {
                jtr[a] += row[a] * residual;
                for (var b = 0; b <= a; b++)
                {
                    jtj[(a * Stride) + b] += row[a] * row[b];
                }
            }
        }

        for (var a = 0; a < k; a++)
        {
            for (var b = a + 1; b < k; b++)
            {
                jtj[(a * Stride) + b] = jtj[(b * Stride) + a];
            }
        }
    }

    /// <summary>
    /// Residuals r_i = y_i - g_i and Kaufman's variable-projection Jacobian with respect to (B, u)
    /// (Kaufman 1975): the partial derivatives at fixed linear parameters,
    /// ∂g/∂B = (PL - eps) s(1 - s)(ln x - u) and ∂g/∂u = -(PL - eps) s(1 - s) B,
    /// projected onto the orthogonal complement of the basis functions (1 - s, s) whose linear parameter is
    /// free (not on its bound). Without the projection Gauss–Newton ignores how PL moves with (B, u) and
    /// crawls along the valley where the ceiling and the midpoint trade off.
    /// </summary>
    public void Linearise(double b, double u, double pl, double eps, Span<double> residual, Span<double> jb, Span<double> ju)
    {
        var amplitude = pl - eps;
        for (var i = 0; i < Count; i++)
        {
            var s = _atBranch[i] ? 0 : SigmoidLaw.Logistic(b * (_lnX[i] - u));
            _s[i] = s;
            var slope = amplitude * s * (1 - s);
            residual[i] = _y[i] - (eps + amplitude * s);
            jb[i] = _atBranch[i] ? 0 : slope * (_lnX[i] - u);
            ju[i] = _atBranch[i] ? 0 : -slope * b;
        }

        var plFree = pl > Bounds.PLMin && pl < Bounds.PLMax;
        var epsFree = FreeOffset && eps > Bounds.EpsMin && eps < Bounds.EpsMax;
        if (plFree && epsFree)
        {
            ProjectOutPair(jb);
            ProjectOutPair(ju);
        }
        else if (plFree)
        {
            ProjectOut(jb, offset: false);
            ProjectOut(ju, offset: false);
        }
        else if (epsFree)
        {
            ProjectOut(jb, offset: true);
            ProjectOut(ju, offset: true);
        }
    }

    // column ← column - φ (φᵀ column) / (φᵀ φ) for the single basis φ = s (or 1 - s when offset).
    private void ProjectOut(Span<double> column, bool offset)
    {
        double dot = 0, norm = 0;
        for (var i = 0; i < Count; i++)
        {
            var phi = offset ? 1 - _s[i] : _s[i];
            dot += phi * column[i];
            norm += phi * phi;
        }

        if (norm <= 0)
        {
            return;
        }

        var coefficient = dot / norm;
        for (var i = 0; i < Count; i++)
        {
            column[i] -= coefficient * (offset ? 1 - _s[i] : _s[i]);
        }
    }

    // column ← column - Φ (ΦᵀΦ)⁻¹ Φᵀ column for Φ = [1 - s, s].
    private void ProjectOutPair(Span<double> column)
    {
        var g = Products(column);
        if (!g.Invertible)
        {
            return;
        }

        var ka = (g.Av * g.Cc - g.Cv * g.Ac) / g.Determinant;
        var kc = (g.Cv * g.Aa - g.Av * g.Ac) / g.Determinant;
        for (var i = 0; i < Count; i++)
        {
            column[i] -= ka * (1 - _s[i]) + kc * _s[i];
        }
    }

    /// <summary>Inner products of the basis a = 1 - s, c = s with each other and with <paramref name="v"/>.</summary>
    private BasisProducts Products(ReadOnlySpan<double> v)
    {
        double aa = 0, ac = 0, cc = 0, av = 0, cv = 0, vv = 0;
        for (var i = 0; i < Count; i++)
        {
            var a = 1 - _s[i];
            var c = _s[i];
            aa += a * a;
            ac += a * c;
            cc += c * c;
            av += a * v[i];
            cv += c * v[i];
            vv += v[i] * v[i];
        }

        return new BasisProducts(aa, ac, cc, av, cv, vv);
    }

    private double SolveFixed(out double pl, out double eps)
    {
        double sy = 0, ss = 0, yy = 0;
        for (var i = 0; i < Count; i++)
        {
            sy += _s[i] * _y[i];
            ss += _s[i] * _s[i];
            yy += _y[i] * _y[i];
        }

        return SolveFixed(sy, ss, yy, out pl, out eps);
    }

    // min over PL of Σ (y - PL s)² = yy - 2 PL sy + PL² ss, PL clamped into its box.
    private double SolveFixed(double sy, double ss, double yy, out double pl, out double eps)
    {
        eps = 0;
        pl = Bounds.ClampPL(ss > 0 ? sy / ss : 0);
        return Math.Max(0, yy - 2 * pl * sy + pl * pl * ss);
    }

    // Convex quadratic in (e, p) on a box: the optimum is the unconstrained one when inside, otherwise it
    // lies on an edge, where the 1-D optimum is a clamp.
    private double SolveFree(out double pl, out double eps) => SolveFree(Products(_y), out pl, out eps);

    private double SolveFree(BasisProducts g, out double pl, out double eps)
    {
        double Rss(double e, double p) => g.Vv - 2 * e * g.Av - 2 * p * g.Cv + e * e * g.Aa + 2 * e * p * g.Ac + p * p * g.Cc;

        if (g.Invertible)
        {
            var e0 = (g.Av * g.Cc - g.Cv * g.Ac) / g.Determinant;
            var p0 = (g.Cv * g.Aa - g.Av * g.Ac) / g.Determinant;
            if (e0 >= Bounds.EpsMin && e0 <= Bounds.EpsMax && p0 >= Bounds.PLMin && p0 <= Bounds.PLMax)
            {
                eps = e0;
                pl = p0;
                return Math.Max(0, Rss(e0, p0));
            }
        }

        // A constant curve (eps = PL = mean y) is the fallback when (a, c) are collinear and the box is open.
        var mean = (g.Av + g.Cv) / (g.Aa + (2 * g.Ac) + g.Cc);
        var best = double.PositiveInfinity;
        eps = Bounds.ClampEps(mean);
        pl = Bounds.ClampPL(mean);
        Consider(eps, pl, ref best, ref eps, ref pl);
        foreach (var e in (ReadOnlySpan<double>)[Bounds.EpsMin, Bounds.EpsMax])
        {
            if (double.IsFinite(e))
            {
                Consider(e, Bounds.ClampPL(g.Cc > 0 ? (g.Cv - e * g.Ac) / g.Cc : 0), ref best, ref eps, ref pl);
            }
        }

        foreach (var p in (ReadOnlySpan<double>)[Bounds.PLMin, Bounds.PLMax])
        {
            if (double.IsFinite(p))
            {
                Consider(Bounds.ClampEps(g.Aa > 0 ? (g.Av - p * g.Ac) / g.Aa : 0), p, ref best, ref eps, ref pl);
            }
        }

        return Math.Max(0, best);

        void Consider(double e, double p, ref double bestRss, ref double bestE, ref double bestP)
        {
            var rss = Rss(e, p);
            if (rss < bestRss)
            {
                bestRss = rss;
                bestE = e;
                bestP = p;
            }
        }
    }

    /// <summary>Gram entries of the basis (a, c) and its products with one vector v.</summary>
    private readonly record struct BasisProducts(double Aa, double Ac, double Cc, double Av, double Cv, double Vv)
    {
        public double Determinant => (Aa * Cc) - (Ac * Ac);

        /// <summary>Whether (a, c) are independent enough to solve for both coefficients.</summary>
        public bool Invertible => Determinant > 1e-12 * Math.Max(1, Aa * Cc);
    }
}
