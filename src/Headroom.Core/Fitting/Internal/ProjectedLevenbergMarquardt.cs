namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Levenberg–Marquardt on the two nonlinear parameters (B, u = ln C_mid) of a <see cref="SigmoidProblem"/>,
/// the linear ones (PL, eps) being re-solved exactly at every trial point (variable projection).
///
/// Step: (JᵀJ + λ diag(JᵀJ)) δ = Jᵀ r with J the Kaufman Jacobian; the trial (B, u) + δ is clamped to the
/// box and accepted when the reduced RSS falls (λ ← λ/3), otherwise λ ← 4λ and the step is retried.
/// Stops when the relative decrease of RSS and the step are both below tolerance (converged), when no
/// step can decrease RSS (converged at a constrained or flat minimum), or after the iteration limit.
///
/// Why not MathNet's LevenbergMarquardtMinimizer directly: it does not exploit the separable structure,
/// and a bootstrap runs this solver about 10⁵ times. MathNet stays the reference: the tests check that it
/// finds no lower RSS (SolverConsistencyTests), and bench/fit-speed.sh times it as the baseline.
/// </summary>
internal static class ProjectedLevenbergMarquardt
{
    public readonly record struct Result(double B, double U, double PL, double Eps, double Rss, int Iterations, bool Converged);

    public static Result Minimise(SigmoidProblem problem, double b, double u, int maxIterations = 200, double tolerance = 1e-10)
    {
        var bounds = problem.Bounds;
        b = bounds.ClampB(b);
        u = bounds.ClampLnC(u);
        var rss = problem.Evaluate(b, u, out var pl, out var eps);
        if (!double.IsFinite(rss))
        {
            return new Result(b, u, pl, eps, rss, 0, false);
        }

        var n = problem.Count;
        Span<double> residual = n <= 256 ? stackalloc double[n] : new double[n];
        Span<double> jb = n <= 256 ? stackalloc double[n] : new double[n];
        Span<double> ju = n <= 256 ? stackalloc double[n] : new double[n];
        var lambda = 1e-3;

        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            problem.Linearise(b, u, pl, eps, residual, jb, ju);
            double gbb = 0, gbu = 0, guu = 0, rb = 0, ru = 0;
            for (var i = 0; i < n; i++)
            {
                gbb += jb[i] * jb[i];
                gbu += jb[i] * ju[i];
                guu += ju[i] * ju[i];
                rb += jb[i] * residual[i];
                ru += ju[i] * residual[i];
            }

            if (gbb + guu == 0 || Math.Abs(rb) + Math.Abs(ru) <= 1e-15 * Math.Max(rss, 1e-300))
            {
                return new Result(b, u, pl, eps, rss, iteration, true);
            }

            var accepted = false;
            for (var attempt = 0; attempt < 12 && !accepted; attempt++)
            {
                var abb = gbb + lambda * Math.Max(gbb, 1e-12);
                var auu = guu + lambda * Math.Max(guu, 1e-12);
                var det = abb * auu - gbu * gbu;
                if (!(det > 0))
                {
                    lambda *= 4;
                    continue;
                }

                var db = (auu * rb - gbu * ru) / det;
                var du = (abb * ru - gbu * rb) / det;
                var nb = bounds.ClampB(b + db);
                var nu = bounds.ClampLnC(u + du);
                var trial = problem.Evaluate(nb, nu, out var npl, out var neps);
                if (trial < rss)
                {
                    var decrease = rss - trial;
                    var step = Math.Abs(nb - b) / Math.Max(b, 1e-12) + Math.Abs(nu - u);
                    (b, u, pl, eps, rss) = (nb, nu, npl, neps, trial);
                    lambda = Math.Max(lambda / 3, 1e-12);
                    accepted = true;
                    if (decrease <= tolerance * Math.Max(rss, 1e-12) || step <= 1e-9)
                    {
                        return new Result(b, u, pl, eps, rss, iteration, true);
                    }
                }
                else
                {
                    lambda *= 4;
                }
            }

            if (!accepted)
            {
                return new Result(b, u, pl, eps, rss, iteration, true);
            }
        }

        return new Result(b, u, pl, eps, rss, maxIterations, false);
    }
}
