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
    private readonly double[] _lnX;
    private readonly bool[] _atBranch;
    private readonly double[] _y;
    private readonly double[] _s;

    public SigmoidProblem(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool freeOffset, SigmoidBounds bounds)
    {
        Count = x.Length;
        _lnX = new double[Count];
        _atBranch = new bool[Count];
        _y = y.ToArray();
        _s = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            _atBranch[i] = x[i] <= 0;
            _lnX[i] = _atBranch[i] ? 0 : Math.Log(x[i]);
        }

        FreeOffset = freeOffset;
        Bounds = bounds;
    }

    public int Count { get; }

    public bool FreeOffset { get; }

    public SigmoidBounds Bounds { get; }

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
        double saa = 0, sac = 0, scc = 0, ta = 0, tc = 0;
        for (var i = 0; i < Count; i++)
        {
            var a = 1 - _s[i];
            var c = _s[i];
            saa += a * a;
            sac += a * c;
            scc += c * c;
            ta += a * column[i];
            tc += c * column[i];
        }

        var det = saa * scc - sac * sac;
        if (!(det > 1e-12 * Math.Max(1, saa * scc)))
        {
            return;
        }

        var ka = (ta * scc - tc * sac) / det;
        var kc = (tc * saa - ta * sac) / det;
        for (var i = 0; i < Count; i++)
        {
            column[i] -= ka * (1 - _s[i]) + kc * _s[i];
        }
    }

    private double SolveFixed(out double pl, out double eps)
    {
        eps = 0;
        double sy = 0, ss = 0, yy = 0;
        for (var i = 0; i < Count; i++)
        {
            sy += _s[i] * _y[i];
            ss += _s[i] * _s[i];
            yy += _y[i] * _y[i];
        }

        pl = Bounds.ClampPL(ss > 0 ? sy / ss : Bounds.PLMax);
        return Math.Max(0, yy - 2 * pl * sy + pl * pl * ss);
    }

    // Convex quadratic in (e, p) on a box: the optimum is the unconstrained one when inside, otherwise it
    // lies on an edge, where the 1-D optimum is a clamp.
    private double SolveFree(out double pl, out double eps)
    {
        double saa = 0, sac = 0, scc = 0, say = 0, scy = 0, yy = 0;
        for (var i = 0; i < Count; i++)
        {
            var a = 1 - _s[i];
            var c = _s[i];
            saa += a * a;
            sac += a * c;
            scc += c * c;
            say += a * _y[i];
            scy += c * _y[i];
            yy += _y[i] * _y[i];
        }

        double Rss(double e, double p) => yy - 2 * e * say - 2 * p * scy + e * e * saa + 2 * e * p * sac + p * p * scc;

        var det = saa * scc - sac * sac;
        if (det > 1e-12 * Math.Max(1, saa * scc))
        {
            var e0 = (say * scc - scy * sac) / det;
            var p0 = (scy * saa - say * sac) / det;
            if (e0 >= Bounds.EpsMin && e0 <= Bounds.EpsMax && p0 >= Bounds.PLMin && p0 <= Bounds.PLMax)
            {
                eps = e0;
                pl = p0;
                return Math.Max(0, Rss(e0, p0));
            }
        }

        var best = double.PositiveInfinity;
        eps = Bounds.EpsMin;
        pl = Bounds.PLMin;
        foreach (var e in (ReadOnlySpan<double>)[Bounds.EpsMin, Bounds.EpsMax])
        {
            var p = Bounds.ClampPL(scc > 0 ? (scy - e * sac) / scc : Bounds.PLMax);
            Consider(e, p, ref best, ref eps, ref pl);
        }

        foreach (var p in (ReadOnlySpan<double>)[Bounds.PLMin, Bounds.PLMax])
        {
            var e = Bounds.ClampEps(saa > 0 ? (say - p * sac) / saa : Bounds.EpsMin);
            Consider(e, p, ref best, ref eps, ref pl);
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
}
