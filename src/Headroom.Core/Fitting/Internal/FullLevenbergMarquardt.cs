namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Levenberg–Marquardt on every parameter θ = (B, C_mid, PL[, eps]) of a <see cref="SigmoidProblem"/> at once, as the
/// reference kit's <c>curve_fit</c> runs inside its LTS concentration steps: PL and eps are free, and only B and
/// C_mid are projected into the box (so they stay positive and finite).
///
/// With r_i = y_i - g(x_i; θ) and J_ij = ∂g(x_i)/∂θ_j (<see cref="LawJacobian"/>, chain rule for C_mid),
/// the step solves (JᵀJ + λ diag(JᵀJ)) δ = Jᵀ r (Marquardt's scaling, as MINPACK's scaled trust region).
/// The gain ratio ρ = (RSS - RSS') / (δᵀ(λ diag(JᵀJ) δ + Jᵀr)) drives λ (Nielsen 1999): accepted steps
/// multiply it by max(1/3, 1 - (2ρ - 1)³), rejected ones by ν = 2, 4, 8 ... Stops when RSS falls by less than a
/// relative 1.5e-8 and the step is below 1.5e-8 of θ (MINPACK's ftol and xtol), or after the iteration limit.
///
/// Why beside <see cref="ProjectedLevenbergMarquardt"/>: variable projection solves (PL, eps) exactly at each
/// (B, C_mid), which is faster and finds lower minima, but it walks a different path, and the trimmed objective
/// has many local minima. The kit's search is defined by where its steps lead, so paper mode takes the same steps.
/// </summary>
internal static class FullLevenbergMarquardt
{
    private const int MaxParameters = 4;
    private const double Tolerance = 1.49012e-8;

    public static LocalFit Minimise(SigmoidProblem problem, SigmoidParameters start, int maxIterations = 400)
    {
        var bounds = problem.Bounds;
        var k = problem.FreeOffset ? 4 : 3;
        Span<double> theta = stackalloc double[MaxParameters];
        theta[0] = bounds.ClampB(start.B);
        theta[1] = ClampC(bounds, start.CMid);
        theta[2] = start.PL;
        theta[3] = problem.FreeOffset ? start.Eps : 0;
        var rss = problem.ResidualSumOfSquares(Parameters(theta));
        if (!double.IsFinite(rss))
        {
            return new LocalFit(Parameters(theta), rss, 0, false);
        }

        Span<double> jtj = stackalloc double[MaxParameters * MaxParameters];
        Span<double> gradient = stackalloc double[MaxParameters];
        Span<double> step = stackalloc double[MaxParameters];
        Span<double> trial = stackalloc double[MaxParameters];
        Span<double> system = stackalloc double[MaxParameters * MaxParameters];
        var lambda = -1.0;
        var nu = 2.0;

        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            problem.NormalEquations(Parameters(theta), k, jtj, gradient);
            if (lambda < 0)
            {
                var maxDiagonal = 0.0;
                for (var j = 0; j < k; j++)
                {
                    maxDiagonal = Math.Max(maxDiagonal, jtj[(j * MaxParameters) + j]);
                }

                lambda = 1e-3;
                if (maxDiagonal == 0)
                {
                    return new LocalFit(Parameters(theta), rss, iteration, true);
                }
            }

            var gradientNorm = 0.0;
            for (var j = 0; j < k; j++)
            {
                gradientNorm = Math.Max(gradientNorm, Math.Abs(gradient[j]));
            }

            if (gradientNorm <= 1e-15 * Math.Max(rss, 1e-300))
            {
                return new LocalFit(Parameters(theta), rss, iteration, true);
            }

            var accepted = false;
            for (var attempt = 0; attempt < 30 && !accepted; attempt++)
            {
                jtj[..(MaxParameters * MaxParameters)].CopyTo(system);
                for (var j = 0; j < k; j++)
                {
                    system[(j * MaxParameters) + j] += lambda * Math.Max(jtj[(j * MaxParameters) + j], 1e-12);
                }

                if (!SolveInPlace(system, gradient, step, k))
                {
                    lambda *= nu;
                    nu *= 2;
                    continue;
                }

                for (var j = 0; j < k; j++)
                {
                    trial[j] = theta[j] + step[j];
                }

                trial[0] = bounds.ClampB(trial[0]);
                trial[1] = ClampC(bounds, trial[1]);
                trial[3] = problem.FreeOffset ? trial[3] : 0;
                var trialRss = problem.ResidualSumOfSquares(Parameters(trial));
                var predicted = 0.0;
                for (var j = 0; j < k; j++)
                {
                    var taken = trial[j] - theta[j];
                    predicted += taken * ((lambda * Math.Max(jtj[(j * MaxParameters) + j], 1e-12) * taken) + gradient[j]);
                }

                if (double.IsFinite(trialRss) && trialRss < rss)
                {
                    var rho = predicted > 0 ? (rss - trialRss) / predicted : 1;
                    lambda *= Math.Max(1.0 / 3, 1 - Math.Pow((2 * rho) - 1, 3));
                    nu = 2;
                    var decrease = rss - trialRss;
                    var relativeStep = 0.0;
                    for (var j = 0; j < k; j++)
                    {
                        relativeStep = Math.Max(relativeStep, Math.Abs(trial[j] - theta[j]) / Math.Max(Math.Abs(theta[j]), 1e-12));
                    }

                    trial[..k].CopyTo(theta);
                    rss = trialRss;
                    accepted = true;
                    if (decrease <= Tolerance * rss && relativeStep <= Tolerance)
                    {
                        return new LocalFit(Parameters(theta), rss, iteration, true);
                    }
                }
                else
                {
                    lambda *= nu;
                    nu *= 2;
                }
            }

            if (!accepted)
            {
                // No step lowers RSS: a (possibly constrained) minimum.
                return new LocalFit(Parameters(theta), rss, iteration, true);
            }
        }

        return new LocalFit(Parameters(theta), rss, maxIterations, false);
    }

    private static SigmoidParameters Parameters(ReadOnlySpan<double> theta) => new(theta[0], theta[1], theta[2], theta[3]);

    private static double ClampC(SigmoidBounds bounds, double c)
        => double.IsNaN(c) ? c : Math.Clamp(c, Math.Exp(bounds.LnCMin), Math.Exp(bounds.LnCMax));

    /// <summary>Solves the k×k symmetric system A δ = b (row stride 4) by Gaussian elimination with partial pivoting; false when singular.</summary>
    private static bool SolveInPlace(Span<double> a, ReadOnlySpan<double> b, Span<double> x, int k)
    {
        Span<double> rhs = stackalloc double[MaxParameters];
        b[..k].CopyTo(rhs);
        for (var column = 0; column < k; column++)
        {
            var pivot = column;
            for (var row = column + 1; row < k; row++)
            {
                if (Math.Abs(a[(row * MaxParameters) + column]) > Math.Abs(a[(pivot * MaxParameters) + column]))
                {
                    pivot = row;
                }
            }

            if (!(Math.Abs(a[(pivot * MaxParameters) + column]) > 1e-300))
            {
                return false;
            }

            if (pivot != column)
            {
                for (var j = 0; j < k; j++)
                {
                    (a[(column * MaxParameters) + j], a[(pivot * MaxParameters) + j]) = (a[(pivot * MaxParameters) + j], a[(column * MaxParameters) + j]);
                }

                (rhs[column], rhs[pivot]) = (rhs[pivot], rhs[column]);
            }

            for (var row = column + 1; row < k; row++)
            {
                var factor = a[(row * MaxParameters) + column] / a[(column * MaxParameters) + column];
                for (var j = column; j < k; j++)
                {
                    a[(row * MaxParameters) + j] -= factor * a[(column * MaxParameters) + j];
                }

                rhs[row] -= factor * rhs[column];
            }
        }

        for (var row = k - 1; row >= 0; row--)
        {
            var sum = rhs[row];
            for (var j = row + 1; j < k; j++)
            {
                sum -= a[(row * MaxParameters) + j] * x[j];
            }

            x[row] = sum / a[(row * MaxParameters) + row];
        }

        return true;
    }
}
