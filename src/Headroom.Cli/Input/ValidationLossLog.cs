using Headroom.Ingest;

namespace Headroom.Cli.Input;

/// <summary>
/// The SFT validation-loss series of one run, read from the logs a trainer wrote (any layout
/// `headroom inspect` reads: an HF run folder with its checkpoints, TensorBoard files, W&amp;B, verl, ...).
/// </summary>
/// <param name="Run">The run the series belongs to.</param>
/// <param name="Series">The chosen series: by default the one canonical `sft_val_loss`.</param>
/// <param name="Notes">What the readers skipped or could not read under the path, one line each, for stderr.</param>
internal sealed record ValidationLossLog(RunLog Run, MetricSeries Series, IReadOnlyList<string> Notes)
{
    private const int ListedKeys = 12;

    /// <summary>
    /// Reads <paramref name="path"/> and picks the one series whose raw key or canonical name is
    /// <paramref name="key"/> (default: canonical `sft_val_loss`), preferring the run read from the folder named
    /// itself over runs below it; none or several is a one-line error.
    /// </summary>
    public static ValidationLossLog Read(string path, string? key)
    {
        var result = LogIngest.Read([path]);
        var wanted = key ?? CanonicalSeries.SftValLoss;
        var candidates = result.Runs
            .SelectMany((run, index) => run.Series.Where(s => s.Key == wanted || s.Canonical == wanted).Select(s => (Index: index, Series: s)))
            .ToArray();
        if (candidates.Length == 0)
        {
            throw InputException.NoLossSeries(path, wanted, key is null, KeysOf(result.Runs));
        }

        if (candidates.Length > 1)
        {
            // A run folder that holds other runs below it (the lab's base model, a TensorBoard `runs/`): the named run wins.
            var named = candidates.Where(c => SamePath(result.Runs[c.Index].Path, path)).ToArray();
            candidates = named.Length == 1 ? named : candidates;
        }

        if (candidates.Length > 1)
        {
            var labels = TidyTable.RunLabels(result.Runs);
            throw InputException.SeveralLossSeries(path, wanted, candidates.Select(c => $"{labels[c.Index]}: {c.Series.Key}"));
        }

        var (runIndex, series) = candidates[0];
        var run = result.Runs[runIndex];
        var notes = run.Skipped.Select(s => $"{s.Reason}: {s.Count} skipped {(s.FirstLocation is null ? string.Empty : $" (first at {s.FirstLocation})")}")
            .Concat(result.Failures.Select(f => f.Message))
            .ToArray();
        return new ValidationLossLog(run, series, notes);
    }

    private static bool SamePath(string a, string b)
        => string.Equals(Normalised(a), Normalised(b), StringComparison.Ordinal);

    private static string Normalised(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static string KeysOf(IReadOnlyList<RunLog> runs)
    {
        var keys = runs.SelectMany(r => r.Series.Select(s => s.Key)).Distinct(StringComparer.Ordinal).ToArray();
        var listed = string.Join(", ", keys.Take(ListedKeys));
        return keys.Length > ListedKeys ? $"{listed}, ... ({keys.Length} keys)" : listed;
    }
}
