using Headroom.Ingest;

namespace Headroom.Study;

/// <summary>
/// Makes a run's headline score at each evaluated step (framework.md §7): the weighted mean of the study's
/// benchmarks (each found as a per-benchmark validation or benchmark score whose data source ends with the
/// benchmark's name), or one named series, or the plain mean of a run's own score keys. Steps that lack a
/// benchmark are skipped and counted; scores logged as fractions are turned into percentages, and said so.
/// </summary>
internal static class HeadlineScore
{
    public static (double[] Steps, double[] Scores, List<string> Notes) Of(RunLog run, ScoreSpec score, IReadOnlyList<string> runKeys, Func<string, Exception> fail)
    {
        var parts = Parts(run, score, runKeys, fail);
        var notes = new List<string>();
        var steps = parts.SelectMany(p => p.Series.Points.Select(q => q.Step)).Distinct().Order().ToList();
        var values = new List<(double Step, double Score)>();
        var skipped = 0;
        foreach (var step in steps)
        {
            double sum = 0, weight = 0;
            var complete = true;
            foreach (var (series, w) in parts)
            {
                var point = Find(series, step);
                if (point is not { } v || !double.IsFinite(v))
                {
                    complete = false;
                    break;
                }

                sum += w * v;
                weight += w;
            }

            if (complete)
            {
                values.Add((step, sum / weight));
            }
            else
            {
                skipped++;
            }
        }

        if (skipped > 0)
        {
            notes.Add($"{run.Name}: {skipped} evaluation step(s) lack one of the score's {parts.Count} series (or hold NaN) and were skipped.");
        }

        if (values.Count == 0)
        {
            throw fail($"no step has every score series ({string.Join(", ", parts.Select(p => p.Series.Key))}) with a finite value");
        }

        var fraction = score.Unit == ScoreUnit.Fraction || (score.Unit == ScoreUnit.Auto && values.All(v => v.Score <= 1.0));
        if (fraction)
        {
            if (score.Unit == ScoreUnit.Auto)
            {
                notes.Add($"{run.Name}: every score lies in [0, 1], so the scores were read as fractions and reported as percentages (set score.unit to say otherwise).");
            }

            values = values.Select(v => (v.Step, v.Score * 100)).ToList();
        }

        return ([.. values.Select(v => v.Step)], [.. values.Select(v => v.Score)], notes);
    }

    private static List<(MetricSeries Series, double Weight)> Parts(RunLog run, ScoreSpec score, IReadOnlyList<string> runKeys, Func<string, Exception> fail)
    {
        if (runKeys.Count > 0)
        {
            return runKeys.Select(k => (Named(run, k, fail), 1.0)).ToList();
        }

        if (score.Key is { } key)
        {
            return [(Named(run, key, fail), 1.0)];
        }

        var scored = run.Series.Where(s => s.Canonical is CanonicalSeries.RlValScore or CanonicalSeries.BenchmarkScore && s.Benchmark is not null).ToList();
        var parts = new List<(MetricSeries, double)>();
        var missing = new List<string>();
        foreach (var (name, weight) in score.Benchmarks)
        {
            var match = scored.FirstOrDefault(s => Matches(s.Benchmark!, name));
            if (match is null)
            {
                missing.Add(name);
            }
            else
            {
                parts.Add((match, weight));
            }
        }

        if (missing.Count > 0)
        {
            var found = scored.Count == 0 ? "none" : string.Join(", ", scored.Select(s => $"{s.Benchmark} ({s.Key})"));
            throw fail($"the run logs no score for benchmark(s) {string.Join(", ", missing)}; benchmark scores found: {found}. Name the benchmarks in score.benchmarks, or the run's score keys in scores: [KEY, ...]");
        }

        return parts;
    }

    private static MetricSeries Named(RunLog run, string key, Func<string, Exception> fail)
    {
        var found = run.Series.Where(s => s.Key == key || s.Canonical == key).ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw fail($"the run logs no series '{key}'"),
            _ => throw fail($"several series match '{key}' ({string.Join(", ", found.Select(s => s.Key))}); name one by its key"),
        };
    }

    /// <summary>A data source names the benchmark when its last path segment does, ignoring case, '-' and '_' (openai/gsm8k is gsm8k).</summary>
    internal static bool Matches(string benchmark, string name)
        => Normalise(benchmark[(benchmark.LastIndexOf('/') + 1)..]) == Normalise(name) || Normalise(benchmark) == Normalise(name);

    private static string Normalise(string text) => new([.. text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    private static double? Find(MetricSeries series, long step)
    {
        var points = series.Points;
        int lo = 0, hi = points.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (points[mid].Step == step)
            {
                return points[mid].Value;
            }

            if (points[mid].Step < step)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return null;
    }
}
