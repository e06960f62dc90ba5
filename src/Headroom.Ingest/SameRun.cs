using System.Globalization;

namespace Headroom.Ingest;

/// <summary>
/// Logs that describe one training run: a run folder often holds several (HF's `trainer_state.json` beside ms-swift's
/// `logging.jsonl` or LLaMA-Factory's `trainer_log.jsonl`, each written by its own callback, each stopping where its
/// last save was). Logs are taken as one run when they lie in the same folder and hold a series of the same canonical
/// name over overlapping steps. <see cref="Merge"/> joins such series by step and says which log was used where.
/// </summary>
public static class SameRun
{
    /// <summary>The folder a run's log lies in: the run's path when it is a folder, else the file's folder.</summary>
    public static string FolderOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return Directory.Exists(full) ? full : Path.GetDirectoryName(full) ?? full;
    }

    /// <summary>
    /// The groups of two or more runs (indices into <paramref name="runs"/>, in order) that describe one run: same
    /// folder, and a shared canonical name (and benchmark) whose step ranges overlap.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> Groups(IReadOnlyList<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var groups = new List<IReadOnlyList<int>>();

        // Only runs of one folder are compared: a tree of thousands of runs costs one pass.
        foreach (var folder in Enumerable.Range(0, runs.Count).GroupBy(i => FolderOf(runs[i].Path)).Where(f => f.Count() > 1))
        {
            var members = folder.ToList();
            var taken = new HashSet<int>();
            foreach (var i in members)
            {
                if (!taken.Add(i))
                {
                    continue;
                }

                var group = new List<int> { i };
                foreach (var j in members.Where(j => !taken.Contains(j) && group.Any(k => Overlap(runs[k], runs[j]))).ToList())
                {
                    group.Add(j);
                    taken.Add(j);
                }

                if (group.Count > 1)
                {
                    groups.Add(group);
                }
            }
        }

        return [.. groups.OrderBy(g => g[0])];
    }

    /// <summary>
    /// Merges the same series of several logs of one run by step. A step one log holds alone is taken from it; where
    /// several hold a step and agree (within the rounding trainers print with: 5e-5 absolute, or 1e-6 relative) their
    /// value is kept; where they differ, the log reaching the latest step (the most recent writer) is used, the first
    /// given on a tie. Returns the merged series (key, canonical name and unit of the first part) and what was chosen.
    /// </summary>
    public static MergedSeries Merge(IReadOnlyList<(RunLog Run, MetricSeries Series)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("Nothing to merge.", nameof(parts));
        }

        var preferred = Enumerable.Range(0, parts.Count)
            .OrderByDescending(i => parts[i].Series.Count == 0 ? long.MinValue : parts[i].Series.Points[^1].Step)
            .ThenBy(i => i)
            .First();
        var byStep = new SortedDictionary<long, (MetricPoint Point, int Part)>();
        int agreed = 0, differed = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            foreach (var point in parts[i].Series.Points)
            {
                if (!byStep.TryGetValue(point.Step, out var held))
                {
                    byStep[point.Step] = (point, i);
                }
                else if (Agree(held.Point.Value, point.Value))
                {
                    agreed++;
                }
                else
                {
                    differed++;
                    if (i == preferred)
                    {
                        byStep[point.Step] = (point, i);
                    }
                }
            }
        }

        var first = parts[0].Series;
        var merged = first with { Points = [.. byStep.Values.Select(v => v.Point)] };
        var sources = parts.Select(p => $"{p.Run.Format} {p.Run.Path}").ToArray();
        var onlyIn = Enumerable.Range(0, parts.Count)
            .Select(i => (Part: i, Count: byStep.Values.Count(v => v.Part == i)))
            .Where(x => x.Count > 0)
            .Select(x => $"{x.Count} from {parts[x.Part].Run.Format} ({Path.GetFileName(parts[x.Part].Run.Path)})");
        var description = string.Create(CultureInfo.InvariantCulture,
            $"'{first.Key}' merged from {parts.Count} logs of one run ({string.Join(", ", sources)}): {byStep.Count} steps, {string.Join(", ", onlyIn)}; "
            + $"{agreed} steps held by several agree, {differed} differ{(differed > 0 ? $" (where they differ, {parts[preferred].Run.Format} {parts[preferred].Run.Path} was used: it reaches the latest step)" : string.Empty)}");
        return new MergedSeries(merged, sources, agreed, differed, sources[preferred], description);
    }

    /// <summary>
    /// The series to use for the path a user named, among candidate series (indices into <paramref name="runs"/>): the
    /// only candidate; else those in the named folder itself (a TensorBoard `runs/` below it, another run in a sub-folder
    /// are not it): one is used as it is, several logs of one run (<see cref="Groups"/>) are merged. Null when the
    /// candidates are several runs, which only the user can choose between.
    /// </summary>
    public static MergedSeries? Choose(IReadOnlyList<RunLog> runs, IReadOnlyList<(int Run, MetricSeries Series)> candidates, string namedPath)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(namedPath);
        var folder = FolderOf(namedPath);
        var here = candidates.Where(c => FolderOf(runs[c.Run].Path) == folder).ToList();
        if (candidates.Count == 1 || here.Count == 0)
        {
            here = [.. candidates];
        }

        if (here.Count == 1)
        {
            return Merge([(runs[here[0].Run], here[0].Series)]);
        }

        var summaries = runs.Select(RunSummary.Of).ToList();
        return Groups(summaries).Any(group => here.All(c => group.Contains(c.Run)))
            ? Merge([.. here.Select(c => (runs[c.Run], c.Series))])
            : null;
    }

    private static bool Agree(double a, double b)
        => a == b || (double.IsNaN(a) && double.IsNaN(b)) || Math.Abs(a - b) <= Math.Max(5e-5, 1e-6 * Math.Max(Math.Abs(a), Math.Abs(b)));

    private static bool Overlap(RunSummary a, RunSummary b)
        => a.Series.Any(x => x.Canonical is not null && x.Count > 0 && b.Series.Any(y =>
                y.Canonical == x.Canonical && y.Benchmark == x.Benchmark && y.Count > 0 && y.FirstStep <= x.LastStep && x.FirstStep <= y.LastStep));
}
