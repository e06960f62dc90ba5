using Headroom.Core.Regimes;
using Headroom.Ingest;

namespace Headroom.Study;

/// <summary>
/// One SFT run's validation loss per checkpoint, from a CSV (columns named on the command line) or from
/// the logs a trainer wrote. NaN marks a checkpoint without an evaluation; the classifier skips and counts it.
/// </summary>
/// <param name="Source">The file or folder read.</param>
/// <param name="Format">`csv`, or the log reader's format name (e.g. `trainer_state`, `tensorboard`).</param>
/// <param name="Run">The run's name for trainer logs; null for a CSV.</param>
/// <param name="StepLabel">The step column, or `step` for trainer logs.</param>
/// <param name="LossLabel">The loss column, or the key the trainer logged it under.</param>
/// <param name="Steps">Checkpoint steps, strictly increasing, not negative.</param>
/// <param name="Losses">Validation losses, positive or NaN.</param>
/// <param name="Notes">What the readers skipped, one line each, for stderr.</param>
public sealed record LossSeries(
    string Source,
    string Format,
    string? Run,
    string StepLabel,
    string LossLabel,
    double[] Steps,
    double[] Losses,
    IReadOnlyList<string> Notes)
{
    private const int ListedKeys = 12;

    /// <summary>
    /// A CSV when <paramref name="stepColumn"/> is given (then <paramref name="lossColumn"/> is needed too),
    /// otherwise trainer logs, where <paramref name="lossColumn"/> optionally names the series.
    /// </summary>
    public static LossSeries Read(string path, string? stepColumn, string? lossColumn)
    {
        if (stepColumn is not null)
        {
            return FromCsv(path, stepColumn, lossColumn ?? throw InputException.StepWithoutLoss(path));
        }

        try
        {
            return FromLogs(path, lossColumn);
        }
        catch (IngestException) when (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
        {
            throw InputException.CsvWithoutColumns(path);
        }
    }

    /// <summary>
    /// Labels the checkpoints by regime (framework.md §4); fails, naming the source, when no loss is finite.
    /// </summary>
    public RegimeAnalysis Classify(RegimeOptions options)
    {
        var analysis = SftRegimes.Classify(Steps, Losses, options);
        return analysis.Status == RegimeStatus.NoFiniteLoss ? throw InputException.NoFiniteValue(Source, LossLabel) : analysis;
    }

    /// <summary>
    /// The one series whose raw key or canonical name is <paramref name="key"/> (default: canonical
    /// `sft_val_loss`) among the runs under <paramref name="path"/>, preferring the run read from the folder
    /// named itself over runs below it (the lab's base model, a TensorBoard `runs/`); none or several is an error.
    /// </summary>
    private static LossSeries FromLogs(string path, string? key) => FromIngest(LogIngest.Read([path]), path, key).Series;

    /// <summary>As <see cref="FromLogs"/> for logs already read, with the run the series came from.</summary>
    internal static (LossSeries Series, RunLog Run) FromIngest(IngestResult result, string path, string? key)
    {
        var wanted = key ?? CanonicalSeries.SftValLoss;
        var candidates = result.Runs
            .SelectMany((run, index) => run.Series.Where(s => s.Key == wanted || s.Canonical == wanted).Select(s => (Index: index, Series: s)))
            .ToArray();
        if (candidates.Length == 0)
        {
            throw InputException.NoLossSeries(path, wanted, key is null, KeysOf(result.Runs));
        }

        // Several logs of one run are merged, and the choice named (SameRun.Choose).
        var chosen = SameRun.Choose(result.Runs, [.. candidates.Select(c => (c.Index, c.Series))], path);
        if (chosen is null)
        {
            var labels = TidyTable.RunLabels(result.Runs.Select(r => r.Name));
            throw InputException.SeveralLossSeries(path, wanted, candidates.Select(c => $"{labels[c.Index]}: {c.Series.Key}"));
        }

        var runIndex = candidates.First(c => $"{result.Runs[c.Index].Format} {result.Runs[c.Index].Path}" == chosen.Preferred).Index;
        var series = chosen.Series;
        var run = result.Runs[runIndex];
        var steps = series.Points.Select(p => (double)p.Step).ToArray();
        var losses = series.Points.Select(p => p.Value).ToArray();
        var where = $"{run.Path} (run {run.Name}, key '{series.Key}')";
        for (var i = 0; i < steps.Length; i++)
        {
            if (steps[i] < 0)
            {
                throw InputException.NegativeLogStep(where, steps[i]);
            }

            if (double.IsFinite(losses[i]) && losses[i] <= 0)
            {
                throw InputException.NonPositiveLogLoss(where, steps[i], losses[i]);
            }
        }

        var notes = run.Skipped.Select(s => $"{s.Reason}: {s.Count} skipped{(s.FirstLocation is null ? string.Empty : $" (first at {s.FirstLocation})")}")
            .Concat(result.Failures.Select(f => f.Message))
            .Concat(chosen.Sources.Count > 1 ? [chosen.Description] : [])
            .ToArray();
        var source = chosen.Sources.Count > 1 ? string.Join(" + ", chosen.Sources.Select(s => s[(s.IndexOf(' ') + 1)..])) : run.Path;
        var format = chosen.Sources.Count > 1 ? string.Join(" + ", chosen.Sources.Select(s => s[..s.IndexOf(' ')])) : run.Format;
        return (new LossSeries(source, format, run.Name, "step", series.Key, steps, losses, notes), run);
    }

    private static string KeysOf(IReadOnlyList<RunLog> runs)
    {
        var keys = runs.SelectMany(r => r.Series.Select(s => s.Key)).Distinct(StringComparer.Ordinal).ToArray();
        var listed = string.Join(", ", keys.Take(ListedKeys));
        return keys.Length > ListedKeys ? $"{listed}, ... ({keys.Length} keys)" : listed;
    }

    private static LossSeries FromCsv(string path, string stepColumn, string lossColumn)
    {
        var table = CsvTable.Read(path);
        var stepIndex = table.Column("--step", stepColumn);
        var lossIndex = table.Column("--loss", lossColumn);
        var steps = new double[table.RowCount];
        var losses = new double[table.RowCount];
        for (var row = 0; row < table.RowCount; row++)
        {
            var step = table.FiniteNumber(row, stepIndex);
            if (step < 0)
            {
                throw InputException.NegativeStep(table.Path, table.LineOf(row), stepColumn, step);
            }

            if (row > 0 && step <= steps[row - 1])
            {
                throw InputException.UnsortedStep(table.Path, table.LineOf(row), stepColumn, step, steps[row - 1]);
            }

            var loss = table.Number(row, lossIndex) ?? double.NaN;
            if (double.IsFinite(loss) && loss <= 0)
            {
                throw InputException.NonPositiveLoss(table.Path, table.LineOf(row), lossColumn, loss);
            }

            steps[row] = step;
            losses[row] = loss;
        }

        return new LossSeries(table.Path, "csv", null, stepColumn, lossColumn, steps, losses, []);
    }
}
