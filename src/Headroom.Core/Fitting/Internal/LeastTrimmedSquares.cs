namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Least Trimmed Squares (Rousseeuw 1984) for the law, framework.md §3 Stage 2: minimise the sum of the
/// h = ⌊alpha n⌋ smallest squared residuals (h = n when h is below the number of parameters k).
///
/// Concentration steps (C-steps, Rousseeuw &amp; Van Driessen 2006): from parameters θ take the h points with
/// the smallest r_i²(θ) over all n points and refit θ on them by least squares; the trimmed loss never
/// increases, and a start has converged when the h-subset repeats. Where the search starts is the
/// <see cref="LtsSearch"/> strategy; every start is deterministic.
/// </summary>
internal static class LeastTrimmedSquares
{
    /// <summary>Size of the kit-style nudges: ±0.03 on B, C_mid and PL (the kit drew N(0, 0.01) noise).</summary>
    private const double Nudge = 0.03;

    /// <summary>
    /// A nudged restart must lower the trimmed loss by this fraction to count: smaller gains are the local
    /// solver's tolerance, and chasing them restarts hundreds of times along a flat valley.
    /// </summary>
    private const double MinimumImprovement = 1e-9;

    /// <summary>
    /// Rounds of nudged restarts at most: the kit stops after 50 local fits, and along a flat valley (eps running
    /// off to -∞ with C_mid at its floor) every round gains a little, forever.
    /// </summary>
    private const int MaxNudgeRounds = 8;

    /// <summary>FAST-LTS: this many of the best two-step candidates are concentrated to convergence.</summary>
    private const int PromisingStarts = 8;

    /// <summary>A bootstrap refit: this many of the best two-step candidates are concentrated to convergence.</summary>
    private const int WarmPromisingStarts = 3;

    /// <summary>FAST-LTS: fits to this many elemental subsets of k + 1 points join the starts.</summary>
    private const int ElementalStarts = 48;

    public readonly record struct Result(LocalFit Fit, double TrimmedLoss, int KeptCount, int CSteps, bool Converged);

    public static Result Fit(
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> y,
        bool freeOffset,
        double alpha,
        LtsSearch search,
        int gridStarts,
        int maxCSteps,
        SigmoidParameters? warmStart = null)
    {
        var k = freeOffset ? 4 : 3;
        var h = (int)Math.Floor(alpha * x.Length);
        if (h < k)
        {
            h = x.Length;
        }

        var data = new Data(x.ToArray(), y.ToArray(), freeOffset, SigmoidBounds.ForData(x, y).WithFreeLinearParameters(), h);
        if (warmStart is { } warm)
        {
            // A refit near a known answer (the bootstrap): screen the answer, the kit's start, the least-squares
            // fit and the best grid cells, so that a resample can leave the original basin when its data say so.
            // Concentrating from the first three alone kept resamples near the original subset: LTS intervals
            // covered 89% of simulated ceilings instead of 92% (bench/coverage.sh 200 1000 lts).
            var all = new SigmoidProblem(data.X, data.Y, data.FreeOffset, data.Bounds);
            SigmoidParameters[] starts = [warm, KitStart(data), SigmoidLeastSquares.Local(all, warm).Parameters, .. GridCells(all, gridStarts)];
            return Screened(data, starts, WarmPromisingStarts, maxCSteps, best: null);
        }

        var kit = KitSearch(data, maxCSteps);
        return search == LtsSearch.Kit ? kit : FastLts(data, k, gridStarts, maxCSteps, kit);
    }

    /// <summary>Sum of the h smallest squared residuals; leaves the point order (by residual, then index) in <paramref name="order"/>.</summary>
    private static double TrimmedLoss(double[] x, double[] y, SigmoidParameters p, int h, int[] order, double[] squared)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var r = y[i] - SigmoidLaw.Gain(x[i], p);
            squared[i] = double.IsFinite(r) ? r * r : double.PositiveInfinity;
            order[i] = i;
        }

        Array.Sort(order, (a, b) => squared[a] != squared[b] ? squared[a].CompareTo(squared[b]) : a.CompareTo(b));
        var loss = 0.0;
        for (var j = 0; j < h; j++)
        {
            loss += squared[order[j]];
        }

        return loss;
    }

    private static Result KitSearch(Data data, int maxCSteps)
    {
        var best = Concentrate(data, KitStart(data), maxCSteps, kitSteps: true);
        for (var (improved, round) = (true, 0); improved && round < MaxNudgeRounds; round++)
        {
            improved = false;
            var centre = best.Fit.Parameters;
            foreach (var nudged in Nudges(centre))
            {
                var candidate = Concentrate(data, nudged, maxCSteps, kitSteps: true);
                if (candidate.TrimmedLoss < best.TrimmedLoss * (1 - MinimumImprovement))
                {
                    best = candidate;
                    improved = true;
                }
            }
        }

        return best;
    }

    /// <summary>The kit's start p0 = (B = 1, C_mid = median x, PL = max y[, eps = min y]).</summary>
    private static SigmoidParameters KitStart(Data data)
    {
        var kitU = SigmoidLeastSquares.KitStartU(data.X);
        return new SigmoidParameters(1.0, Math.Exp(data.Bounds.ClampLnC(kitU)), data.Bounds.ClampPL(data.Y.Max()), data.FreeOffset ? data.Y.Min() : 0);
    }

    private static Result FastLts(Data data, int k, int gridStarts, int maxCSteps, Result kit)
        => Screened(data, Starts(data, k, gridStarts), PromisingStarts, maxCSteps, kit);

    /// <summary>
    /// Two C-steps from every start, then concentration to convergence from the <paramref name="keep"/> lowest
    /// trimmed losses; the best of those and <paramref name="best"/>.
    /// </summary>
    private static Result Screened(Data data, IEnumerable<SigmoidParameters> starts, int keep, int maxCSteps, Result? best)
    {
        var promising = starts
            .Select(start => Concentrate(data, start, Math.Min(2, maxCSteps)))
            .OrderBy(r => r.TrimmedLoss)
            .Take(keep);
        foreach (var candidate in promising)
        {
            var result = Concentrate(data, candidate.Fit.Parameters, maxCSteps);
            if (best is not { } current || result.TrimmedLoss < current.TrimmedLoss)
            {
                best = result;
            }
        }

        return best ?? throw new InvalidOperationException("LTS screening was given no start.");
    }

    /// <summary>The best cells of the global grid over (B, ln C_mid), with (PL, eps) in closed form.</summary>
    private static IEnumerable<SigmoidParameters> GridCells(SigmoidProblem all, int gridStarts)
    {
        foreach (var (b, u, _) in GridStarts.Best(all, 2 * gridStarts))
        {
            all.Evaluate(b, u, out var pl, out var eps);
            yield return new SigmoidParameters(b, Math.Exp(u), pl, eps);
        }
    }

    private static IEnumerable<SigmoidParameters> Nudges(SigmoidParameters p)
    {
        foreach (var sign in new[] { -1.0, 1.0 })
        {
            yield return p with { B = p.B + (sign * Nudge) };
            yield return p with { CMid = p.CMid + (sign * Nudge) };
            yield return p with { PL = p.PL + (sign * Nudge) };
        }
    }

    /// <summary>
    /// FAST-LTS starts: the least-squares fit on all points, the best grid cells, and fits to pseudo-random
    /// elemental subsets of k + 1 points (fixed seed, so the search is deterministic).
    /// </summary>
    private static IEnumerable<SigmoidParameters> Starts(Data data, int k, int gridStarts)
    {
        var all = new SigmoidProblem(data.X, data.Y, data.FreeOffset, data.Bounds);
        var kitU = SigmoidLeastSquares.KitStartU(data.X);
        yield return SigmoidLeastSquares.Global(all, kitU, gridStarts).Parameters;
        foreach (var cell in GridCells(all, gridStarts))
        {
            yield return cell;
        }

        var random = new Random(20251211 + data.X.Length);
        var size = Math.Min(k + 1, data.X.Length);
        var subsetX = new double[size];
        var subsetY = new double[size];
        for (var draw = 0; draw < ElementalStarts; draw++)
        {
            var picked = Enumerable.Range(0, data.X.Length).OrderBy(_ => random.Next()).Take(size).Order().ToArray();
            for (var j = 0; j < size; j++)
            {
                subsetX[j] = data.X[picked[j]];
                subsetY[j] = data.Y[picked[j]];
            }

            var problem = new SigmoidProblem(subsetX, subsetY, data.FreeOffset, data.Bounds);
            yield return SigmoidLeastSquares.Local(problem, new SigmoidParameters(1.0, Math.Exp(kitU), 0)).Parameters;
        }
    }

    private static Result Concentrate(Data data, SigmoidParameters start, int maxCSteps, bool kitSteps = false)
    {
        var n = data.X.Length;
        var h = data.H;
        var order = new int[n];
        var squared = new double[n];
        var subsetX = new double[h];
        var subsetY = new double[h];
        int[]? previous = null;
        var current = new LocalFit(data.Bounds.ClampShape(start), double.NaN, 0, true);
        var bestFit = current;
        var bestLoss = double.PositiveInfinity;
        var converged = false;
        var steps = 0;

        for (; steps <= maxCSteps; steps++)
        {
            var loss = TrimmedLoss(data.X, data.Y, current.Parameters, h, order, squared);
            if (loss < bestLoss)
            {
                bestLoss = loss;
                bestFit = current;
            }

            var subset = order.AsSpan(0, h).ToArray();
            Array.Sort(subset);
            if (previous is not null && subset.AsSpan().SequenceEqual(previous))
            {
                converged = true;
                break;
            }

            if (steps == maxCSteps)
            {
                break;
            }

            for (var j = 0; j < h; j++)
            {
                subsetX[j] = data.X[subset[j]];
                subsetY[j] = data.Y[subset[j]];
            }

            var problem = new SigmoidProblem(subsetX, subsetY, data.FreeOffset, data.Bounds);
            current = kitSteps ? FullLevenbergMarquardt.Minimise(problem, current.Parameters) : SigmoidLeastSquares.Local(problem, current.Parameters);
            previous = subset;
        }

        return new Result(bestFit, bestLoss, h, steps, converged);
    }

    /// <summary>The points of one LTS problem, with the box computed once from all of them.</summary>
    private sealed record Data(double[] X, double[] Y, bool FreeOffset, SigmoidBounds Bounds, int H);
}
