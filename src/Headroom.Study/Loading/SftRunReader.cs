using Headroom.Core;
using Headroom.Core.Regimes;
using Headroom.Ingest;

namespace Headroom.Study;

/// <summary>
/// Reads one SFT run of a study: its validation loss per checkpoint (trainer logs or a CSV), cumulative compute at
/// each checkpoint, the headline score where the logs hold benchmark scores, and its regimes. A dataset reported
/// from elsewhere (only <c>min_val_loss</c>) has no checkpoints. A live run can be re-read the same way.
/// </summary>
public static class SftRunReader
{
    /// <summary>Reads the SFT run <paramref name="spec"/> of <paramref name="manifest"/>.</summary>
    public static SftRunResult Read(StudyManifest manifest, SftRunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(spec);
        return Read(StudyContext.Of(manifest), spec);
    }

    internal static SftRunResult Read(StudyContext context, SftRunSpec spec)
    {
        if (spec.Table is { } table)
        {
            return FromTable(context, spec, table);
        }

        if (spec.Logs.Count == 0)
        {
            return new SftRunResult(spec, "reported", [], null, "none", []);
        }

        IngestResult logs;
        try
        {
            logs = LogIngest.Read(spec.Logs);
        }
        catch (HeadroomException e)
        {
            throw StudyException.Unreadable(context.Manifest, spec.Line, "sft.logs", e);
        }

        var fail = context.Failing(spec.Line, $"sft '{spec.Name}'");
        LossSeries loss;
        RunLog run;
        try
        {
            (loss, run) = LossSeries.FromIngest(logs, spec.Logs[0], spec.ValidationLossKey);
        }
        catch (HeadroomException e)
        {
            throw StudyException.Unreadable(context.Manifest, spec.Line, spec.ValidationLossKey is null ? "sft.logs" : "sft.val_loss", e);
        }

        var compute = TryCompute(context, spec, run);
        double[] scoreSteps = [], scores = [];
        var notes = loss.Notes.ToList();
        if (HasScores(run))
        {
            try
            {
                (scoreSteps, scores, var scoreNotes) = HeadlineScore.Of(run, context.Score, [], fail);
                notes.AddRange(scoreNotes);
            }
            catch (StudyException e)
            {
                notes.Add($"{spec.Name}: the SFT checkpoints' scores were not used: {e.Message}");
            }
        }

        var checkpoints = loss.Steps.Select((step, i) => new SftCheckpoint(
            step,
            compute?.At(step) ?? double.NaN,
            loss.Losses[i],
            Array.IndexOf(scoreSteps, step) is var j and >= 0 ? scores[j] : double.NaN)).ToList();
        foreach (var (step, score) in scoreSteps.Zip(scores).Where(p => !loss.Steps.Contains(p.First)))
        {
            checkpoints.Add(new SftCheckpoint(step, compute?.At(step) ?? double.NaN, double.NaN, score));
        }

        checkpoints.Sort((a, b) => a.Step.CompareTo(b.Step));
        if (compute is null)
        {
            notes.Add($"{spec.Name}: no SFT compute could be counted (no FLOPs or tokens logged, or no model); SFT compute axes leave this run out.");
        }

        return new SftRunResult(spec, $"{context.Describe(run.Path)} ({run.Format}, validation loss '{loss.LossLabel}')", checkpoints, Classify(checkpoints), compute?.Basis ?? "unknown", notes);
    }

    private static SftRunResult FromTable(StudyContext context, SftRunSpec spec, TableSpec table)
    {
        CsvTable csv;
        try
        {
            csv = CsvTable.Read(table.Path);
        }
        catch (HeadroomException e)
        {
            throw StudyException.Unreadable(context.Manifest, spec.Line, "sft.table.path", e);
        }

        var step = csv.Column("table.step", table.Group);
        var compute = csv.Column("table.compute", table.Compute);
        var score = table.Score is null ? -1 : csv.Column("table.score", table.Score);
        var loss = table.ValidationLoss is null ? -1 : csv.Column("table.val_loss", table.ValidationLoss);
        var checkpoints = Enumerable.Range(0, csv.RowCount).Select(row => new SftCheckpoint(
            csv.FiniteNumber(row, step),
            csv.FiniteNumber(row, compute),
            loss < 0 ? double.NaN : csv.Number(row, loss) ?? double.NaN,
            score < 0 ? double.NaN : csv.Number(row, score) ?? double.NaN)).OrderBy(c => c.Step).ToList();
        return new SftRunResult(spec, $"{table.Path} (CSV)", checkpoints, Classify(checkpoints), $"column '{table.Compute}' (EF)", []);
    }

    private static StepCompute? TryCompute(StudyContext context, SftRunSpec spec, RunLog run)
    {
        var named = spec.Compute != ComputeSpec.FromLogs;
        try
        {
            return StepCompute.For(run, spec.Compute, context.Model, context.Convention, defaultPasses: 3, context.Failing(spec.Compute.Line is > 0 and var l ? l : spec.Line, $"sft '{spec.Name}' compute"));
        }
        catch (StudyException) when (!named)
        {
            return null;
        }
    }

    private static bool HasScores(RunLog run)
        => run.Series.Any(s => s.Canonical is CanonicalSeries.RlValScore or CanonicalSeries.BenchmarkScore);

    private static RegimeAnalysis? Classify(IReadOnlyList<SftCheckpoint> checkpoints)
    {
        var withLoss = checkpoints.Where(c => double.IsFinite(c.ValidationLoss) && c.Step > 0).ToList();
        return withLoss.Count == 0 ? null : SftRegimes.Classify([.. withLoss.Select(c => c.Step)], [.. withLoss.Select(c => c.ValidationLoss)]);
    }
}
