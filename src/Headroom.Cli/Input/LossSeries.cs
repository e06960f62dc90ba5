using Headroom.Ingest;

namespace Headroom.Cli.Input;

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
internal sealed record LossSeries(
    string Source,
    string Format,
    string? Run,
    string StepLabel,
    string LossLabel,
    double[] Steps,
    double[] Losses,
    IReadOnlyList<string> Notes)
{
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

        ValidationLossLog log;
        try
        {
            log = ValidationLossLog.Read(path, lossColumn);
        }
        catch (IngestException) when (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
        {
            throw InputException.CsvWithoutColumns(path);
        }

        var points = log.Series.Points;
        var steps = points.Select(p => (double)p.Step).ToArray();
        var losses = points.Select(p => p.Value).ToArray();
        var where = $"{log.Run.Path} (run {log.Run.Name}, key '{log.Series.Key}')";
        for (var i = 0; i < points.Count; i++)
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

        return new LossSeries(log.Run.Path, log.Run.Format, log.Run.Name, "step", log.Series.Key, steps, losses, log.Notes);
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
