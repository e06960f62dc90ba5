using MathNet.Numerics.Statistics;

namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Least Trimmed Squares (Rousseeuw 1984) for the law, framework.md §3 Stage 2: minimise the sum of the
/// h = ⌊alpha n⌋ smallest squared residuals (h = n when h is below the number of parameters k).
///
/// Concentration steps (C-steps, Rousseeuw &amp; Van Driessen 2006): from parameters θ take the h points with
/// the smallest r_i²(θ) over all n points and refit θ on them by least squares; the trimmed loss never
/// increases, and a start has converged when the h-subset repeats. Where the search starts is the
/// <see cref="LtsSearch"/> strategy; every start is deterministic and clamped into the (B, C_mid) box.
/// The kit's search (paper mode) leaves PL and eps free in its refits, as the reference kit does: a box on eps
/// built from every point excludes the true offset when a collapse tail or a late training window pulls the
/// minimum away. The thorough search keeps the box: without it, bootstrap refits of simulated curves let PL run
/// off (intervals twice as wide, a quarter of them one-sided, bench/coverage.sh lts).
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

    /// <summary>LTS on the points <paramref name="rows"/> of <paramref name="points"/> with gains <paramref name="y"/> (one per row).</summary>
    public static Result Fit(
        FitPoints points,
        int[] rows,
        ReadOnlySpan<double> y,
        bool freeOffset,
        double alpha,
        LtsSearch search,
        int gridStarts,
        int maxCSteps,
        SigmoidParameters? warmStart = null)
    {
        var k = freeOffset ? 4 : 3;
        var h = (int)Math.Floor(alpha * rows.Length);
        if (h < k)
        {
            h = rows.Length;
        }

        var bounds = SigmoidBounds.ForData(points, rows, y);
        bounds = search == LtsSearch.Kit ? bounds.WithFreeLinearParameters() : bounds;
        var data = new Data(new SigmoidProblem(points, rows, y, freeOffset, bounds), h);
        if (warmStart is { } warm)
        {
            // A refit near a known answer (the bootstrap): screen the answer, the kit's start, the least-squares
            // fit and the best grid cells, so that a resample can leave the original basin when its data say so.
            // Concentrating from the first three alone kept resamples near the original subset: LTS intervals
            // covered 89% of simulated ceilings instead of 92% (bench/coverage.sh 200 1000 lts).
            SigmoidParameters[] starts = [warm, KitStart(data), SigmoidLeastSquares.Local(data.All, warm).Parameters, .. GridCells(data.All, gridStarts)];
            return Screened(data, starts, WarmPromisingStarts, maxCSteps, best: null);
        }

        var kit = KitSearch(data, maxCSteps);
        return search == LtsSearch.Kit ? kit : FastLts(data, k, gridStarts, maxCSteps, kit);
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
        var y = data.All.Y;
        double max = double.NegativeInfinity, min = double.PositiveInfinity;
        foreach (var v in y)
        {
            max = Math.Max(max, v);
            min = Math.Min(min, v);
        }

        var kitU = SigmoidLeastSquares.KitStartU(data.All);
        return new SigmoidParameters(1.0, Math.Exp(data.Bounds.ClampLnC(kitU)), max, data.All.FreeOffset ? min : 0);
    }

    private static Result FastLts(Data data, int k, int gridStarts, int maxCSteps, Result kit)
        => Screened(data, Starts(data, k, gridStarts), PromisingStarts, maxCSteps, kit);

    /// <summary>
    /// Two C-steps from every start whose first h-subset has not been screened yet (a repeated subset would be
    /// refitted to the same minimum), then concentration to convergence from the <paramref name="keep"/> lowest
    /// trimmed losses; the best of those and <paramref name="best"/>.
    /// </summary>
    private static Result Screened(Data data, IEnumerable<SigmoidParameters> starts, int keep, int maxCSteps, Result? best)
    {
        var screened = new List<Result>();
        foreach (var start in starts)
        {
            var result = Concentrate(data, start, Math.Min(2, maxCSteps), screenNewSubsetsOnly: true);
            if (double.IsFinite(result.TrimmedLoss))
            {
                screened.Add(result);
            }
        }

        // A stable sort: equal losses keep the order of the starts.
        var promising = screened.Index().OrderBy(r => r.Item.TrimmedLoss).ThenBy(r => r.Index).Take(keep).Select(r => r.Item).ToList();
        foreach (var candidate in promising)
        {
            var result = Concentrate(data, candidate.Fit.Parameters, maxCSteps);
            if (best is not { } current || result.TrimmedLoss < current.TrimmedLoss)
            {
                best = result;
            }
        }

        return best ?? promising.FirstOrDefault();
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
        var all = data.All;
        yield return SigmoidLeastSquares.Global(all, gridStarts).Parameters;
        foreach (var cell in GridCells(all, gridStarts))
        {
            yield return cell;
        }

        var kitU = SigmoidLeastSquares.KitStartU(all);
        var random = new Random(20251211 + all.Count);
        var size = Math.Min(k + 1, all.Count);
        var subsetY = new double[size];
        for (var draw = 0; draw < ElementalStarts; draw++)
        {
            var picked = Enumerable.Range(0, all.Count).OrderBy(_ => random.Next()).Take(size).Order().ToArray();
            var rows = new int[size];
            for (var j = 0; j < size; j++)
            {
                rows[j] = all.Rows[picked[j]];
                subsetY[j] = all.Y[picked[j]];
            }

            var problem = new SigmoidProblem(all.Points, rows, subsetY, all.FreeOffset, data.Bounds);
            yield return SigmoidLeastSquares.Local(problem, new SigmoidParameters(1.0, Math.Exp(kitU), 0)).Parameters;
        }
    }

    /// <summary>
    /// C-steps from <paramref name="start"/> (clamped into the box): the best parameters seen and their trimmed loss.
    /// With <paramref name="kitSteps"/> the refits take the reference's full-parameter steps, otherwise an h-subset
    /// refitted before reuses that refit. With <paramref name="screenNewSubsetsOnly"/>, a start whose first h-subset
    /// was screened before is skipped (infinite loss).
    /// </summary>
    private static Result Concentrate(Data data, SigmoidParameters start, int maxCSteps, bool kitSteps = false, bool screenNewSubsetsOnly = false)
    {
        var all = data.All;
        var h = data.H;
        SubsetKey? previous = null;
        var current = new LocalFit(data.Bounds.ClampShape(start), double.NaN, 0, true);
        var bestFit = current;
        var bestLoss = double.PositiveInfinity;
        var converged = false;
        var steps = 0;

        for (; steps <= maxCSteps; steps++)
        {
            var loss = TrimmedLoss(all, current.Parameters, h, data.Squared, data.Scratch, data.Subset);
            if (loss < bestLoss)
            {
                bestLoss = loss;
                bestFit = current;
            }

            var key = new SubsetKey(data.Subset, all.Count);
            if (steps == 0 && screenNewSubsetsOnly && !data.ScreenedSubsets.Add(key))
            {
                return new Result(bestFit, double.PositiveInfinity, h, 0, false);
            }

            if (previous is { } last && key.Equals(last))
            {
                converged = true;
                break;
            }

            if (steps == maxCSteps)
            {
                break;
            }

            previous = key;
            if (!kitSteps && data.SubsetFits.TryGetValue(key, out var known))
            {
                // Another start already refitted this h-subset: its least-squares fit is the same refit.
                current = known;
                continue;
            }

            var problem = data.SubsetProblem();
            current = kitSteps ? FullLevenbergMarquardt.Minimise(problem, current.Parameters) : SigmoidLeastSquares.Local(problem, current.Parameters);
            if (!kitSteps)
            {
                data.SubsetFits[key] = current;
            }
        }

        return new Result(bestFit, bestLoss, h, steps, converged);
    }

    /// <summary>
    /// Sum of the h smallest squared residuals, found by selection (the h-th smallest, then one pass) rather than a
    /// sort; <paramref name="subset"/> gets those h points in index order, ties at the threshold going to the lower
    /// index (as a stable sort by residual would).
    /// </summary>
    private static double TrimmedLoss(SigmoidProblem all, SigmoidParameters p, int h, double[] squared, double[] scratch, int[] subset)
    {
        all.SquaredResiduals(p, squared);
        squared.CopyTo(scratch, 0);
        var threshold = ArrayStatistics.OrderStatisticInplace(scratch, h);
        var below = 0;
        foreach (var value in squared)
        {
            below += value < threshold ? 1 : 0;
        }

        var atThreshold = h - below;
        var loss = 0.0;
        var taken = 0;
        for (var i = 0; i < squared.Length && taken < h; i++)
        {
            if (squared[i] < threshold || (squared[i] == threshold && atThreshold-- > 0))
            {
                subset[taken++] = i;
                loss += squared[i];
            }
        }

        return loss;
    }

    /// <summary>
    /// The points of one LTS problem (every kept point, with the box computed once from all of them), h, and what
    /// its C-steps share: the subsets met so far and scratch space (one LTS fit runs on one thread).
    /// </summary>
    private sealed class Data(SigmoidProblem all, int h)
    {
        private SigmoidProblem? _subsetProblem;

        public SigmoidProblem All { get; } = all;

        public int H { get; } = h;

        public SigmoidBounds Bounds => All.Bounds;

        /// <summary>The least-squares refit of every h-subset met so far (not used by the kit's search, whose restarts rely on different starts on one subset).</summary>
        public Dictionary<SubsetKey, LocalFit> SubsetFits { get; } = new(64);

        /// <summary>The first h-subsets of the starts screened so far.</summary>
        public HashSet<SubsetKey> ScreenedSubsets { get; } = new(64);

        public double[] Squared { get; } = new double[all.Count];

        public double[] Scratch { get; } = new double[all.Count];

        /// <summary>The current h-subset, as indices into <see cref="All"/> in ascending order.</summary>
        public int[] Subset { get; } = new int[h];

        /// <summary>The least-squares problem on the current <see cref="Subset"/>.</summary>
        public SigmoidProblem SubsetProblem()
        {
            Span<int> rows = H <= 256 ? stackalloc int[H] : new int[H];
            Span<double> y = H <= 256 ? stackalloc double[H] : new double[H];
            for (var j = 0; j < H; j++)
            {
                rows[j] = All.Rows[Subset[j]];
                y[j] = All.Y[Subset[j]];
            }

            if (_subsetProblem is null)
            {
                _subsetProblem = new SigmoidProblem(All.Points, rows, y, All.FreeOffset, Bounds);
            }
            else
            {
                _subsetProblem.Reload(rows, y);
            }

            return _subsetProblem;
        }
    }

    /// <summary>An h-subset as a bit set over the problem's points (inline up to 128 points), for equality and hashing.</summary>
    private readonly struct SubsetKey : IEquatable<SubsetKey>
    {
        private readonly UInt128 _bits;
        private readonly ulong[]? _words;

        public SubsetKey(ReadOnlySpan<int> members, int count)
        {
            if (count <= 128)
            {
                foreach (var member in members)
                {
                    _bits |= UInt128.One << member;
                }

                return;
            }

            _words = new ulong[(count + 63) / 64];
            foreach (var member in members)
            {
                _words[member >> 6] |= 1UL << (member & 63);
            }
        }

        public bool Equals(SubsetKey other) => _bits == other._bits && _words.AsSpan().SequenceEqual(other._words);

        public override bool Equals(object? obj) => obj is SubsetKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            hash.Add(_bits);
            foreach (var word in _words ?? [])
            {
                hash.Add(word);
            }

            return hash.ToHashCode();
        }
    }
}
