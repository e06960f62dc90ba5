using System.Globalization;
using Headroom.Core;
using Headroom.Core.Fitting;
using Headroom.Ingest;

namespace Headroom.Study;

/// <summary>
/// Reads the RL runs of a study into curves of (RL compute since the branch point, headline score). From logs:
/// the score at each evaluated step, compute counted at those steps, and P_sft from the manifest, else the run's own
/// step-0 evaluation, else the SFT checkpoint's score. From a CSV: one branch per group, as `headroom fit` reads it.
/// </summary>
internal static class BranchReader
{
    public static IReadOnlyList<MeasuredBranch> Read(StudyContext context, BranchSpec spec, IReadOnlyDictionary<string, SftRunResult> sftRuns)
    {
        var sft = spec.From is { } from ? sftRuns[from] : null;
        return spec.Table is { } table ? FromTable(context, spec, table, sft) : [FromLogs(context, spec, sft)];
    }

    private static MeasuredBranch FromLogs(StudyContext context, BranchSpec spec, SftRunResult? sft)
    {
        IngestResult logs;
        try
        {
            logs = LogIngest.Read(spec.Logs);
        }
        catch (HeadroomException e)
        {
            throw StudyException.Unreadable(context.Manifest, spec.Line, $"{spec.Field}.logs", e);
        }

        var fail = context.Failing(spec.Line, $"{spec.Field} ('{spec.Name}')");
        var run = ChooseRun(logs, spec, fail);
        var (steps, scores, notes) = HeadlineScore.Of(run, context.Score, spec.ScoreKeys, fail);
        var compute = StepCompute.For(run, spec.Compute, context.Model, context.Convention, defaultPasses: 4, fail);
        var pSft = spec.PSft ?? (steps.Length > 0 && steps[0] == 0 ? scores[0] : (double?)null)
            ?? (sft?.At(spec.FromStep ?? double.NaN)?.Score is { } s && double.IsFinite(s) ? s : (double?)null)
            ?? throw fail("no P_sft: the run has no evaluation at step 0 and the SFT checkpoint has no score; give p_sft: SCORE");
        var kept = Enumerable.Range(0, steps.Length).Where(i => steps[i] > 0).ToArray();
        var curve = new BranchCurve(spec.Name, pSft, [.. kept.Select(i => compute.At(steps[i]))], [.. kept.Select(i => scores[i])]);
        notes.AddRange(run.Skipped.Select(k => $"{spec.Name}: {k.Reason}: {k.Count} skipped{(k.FirstLocation is null ? string.Empty : $" (first at {k.FirstLocation})")}"));
        return new MeasuredBranch(
            spec,
            spec.Name,
            spec.Name,
            spec.Paradigm,
            spec.FromStep,
            SftExaFlops(spec, sft),
            curve,
            [.. kept.Select(i => steps[i])],
            compute.Basis,
            $"{context.Describe(run.Path)} ({run.Format})",
            notes);
    }

    private static IReadOnlyList<MeasuredBranch> FromTable(StudyContext context, BranchSpec spec, TableSpec table, SftRunResult? sft)
    {
        var lookup = sft?.Checkpoints.Where(c => double.IsFinite(c.Score)).ToDictionary(c => Label(c.Step), c => c.Score);
        var source = lookup is { Count: > 0 } ? new PSftSource(null, lookup, sft!.Source) : PSftSource.FromData;
        if (spec.PSft is { } value)
        {
            source = PSftSource.Of(value);
        }

        IReadOnlyList<BranchCurve> curves;
        try
        {
            curves = BranchTableReader.Read(table.Path, table.Compute, table.Score ?? context.Score.Key ?? "overall", table.Group, source);
        }
        catch (HeadroomException e)
        {
            throw StudyException.Unreadable(context.Manifest, spec.Line, $"{spec.Field}.table", e);
        }

        return curves.Select(curve =>
        {
            var step = double.TryParse(curve.Group, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : (double?)null;
            var pureRl = spec.Paradigm == Paradigm.PureRl || (spec.Paradigm == Paradigm.SftThenRl && step == 0);
            var name = spec.From is { } from ? $"{from}@{curve.Group}" : $"{spec.Name}:{curve.Group}";
            var stepSpec = spec with { FromStep = step };
            return new MeasuredBranch(
                spec,
                name,
                curve.Group,
                pureRl ? Paradigm.PureRl : spec.Paradigm,
                pureRl ? null : step,
                pureRl ? 0 : SftExaFlops(stepSpec, sft),
                curve with { Group = name },
                [],
                $"column '{table.Compute}' (EF since the branch point)",
                $"{table.Path} (CSV, {table.Group} = {curve.Group})",
                []);
        }).ToList();
    }

    private static RunLog ChooseRun(IngestResult logs, BranchSpec spec, Func<string, Exception> fail)
    {
        var scored = logs.Runs.Where(r => r.Series.Any(s => s.Canonical is CanonicalSeries.RlValScore or CanonicalSeries.BenchmarkScore || spec.ScoreKeys.Contains(s.Key))).ToList();
        if (scored.Count == 1)
        {
            return scored[0];
        }

        if (logs.Runs.Count == 1)
        {
            return logs.Runs[0];
        }

        var named = logs.Runs.Where(r => spec.Logs.Any(p => SamePath(p, r.Path))).ToList();
        return named.Count == 1
            ? named[0]
            : throw fail($"the logs hold {logs.Runs.Count} runs ({string.Join(", ", TidyTable.RunLabels(logs.Runs.Select(r => r.Name)))}); name one run's folder or file in logs:");
    }

    private static double SftExaFlops(BranchSpec spec, SftRunResult? sft)
        => spec.Paradigm != Paradigm.SftThenRl ? 0 : sft is null || spec.FromStep is not { } step ? double.NaN : sft.ExaFlopsAt(step);

    private static bool SamePath(string a, string b)
        => string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private static string Label(double step) => step.ToString("R", CultureInfo.InvariantCulture);
}
