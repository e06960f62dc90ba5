using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>
/// Each paradigm at its best (framework.md §8): SFT-then-RL over all its branches, Pure-SFT by the peak SFT
/// checkpoint score, and each Pure-RL and synchronized algorithm over its runs; ordered by ceiling.
/// </summary>
internal static class ParadigmComparison
{
    public static IReadOnlyList<ParadigmSummary> Of(IReadOnlyList<SftRunResult> sftRuns, IReadOnlyList<BranchResult> branches)
    {
        var groups = branches.GroupBy(b => b.Paradigm switch
        {
            Paradigm.SftThenRl => "SFT-then-RL",
            Paradigm.PureRl => $"Pure-RL ({b.Algorithm})",
            _ => b.Algorithm.ToUpperInvariant(),
        });
        var summaries = groups.Select(g =>
        {
            var runs = g.ToList();
            var best = StudyResult.Best(runs) ?? runs[0];
            var spreads = runs.Select(b => b.Stability.DetrendedSpread).Where(double.IsFinite).Order().ToArray();
            return new ParadigmSummary(
                g.Key,
                runs[0].Paradigm,
                best.Name,
                best.Ceiling.APost,
                best.Ceiling.Intervals.APost,
                best.Ceiling.Method == CeilingMethod.Peak,
                runs.SelectMany(b => b.Curve.Scores.Append(b.Curve.PSft)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max(),
                runs.Count,
                spreads.Length == 0 ? double.NaN : spreads[spreads.Length / 2],
                runs.Count(b => b.Stability.Collapsed))
            {
                Identified = StudyResult.IsIdentified(best),
            };
        }).ToList();

        var sftScored = sftRuns.SelectMany(r => r.Checkpoints.Where(c => double.IsFinite(c.Score)).Select(c => (Run: r, Checkpoint: c))).ToList();
        if (sftScored.Count > 0)
        {
            var peak = sftScored.MaxBy(p => p.Checkpoint.Score);
            summaries.Add(new ParadigmSummary(
                "Pure-SFT",
                Paradigm.PureSft,
                $"{peak.Run.Name}@{peak.Checkpoint.Step:G}",
                peak.Checkpoint.Score,
                Interval.None,
                IsPeak: true,
                peak.Checkpoint.Score,
                sftRuns.Count(r => r.Checkpoints.Any(c => double.IsFinite(c.Score))),
                double.NaN,
                0));
        }

        return [.. summaries.OrderByDescending(s => double.IsFinite(s.Ceiling) ? s.Ceiling : double.NegativeInfinity)];
    }
}
