using System.Globalization;
using Headroom.Core.Compute;
using Headroom.Ingest;

namespace Headroom.Study;

/// <summary>
/// Cumulative compute (EF) at a run's steps from what the manifest says (<see cref="ComputeSpec"/>) or, when it
/// says nothing, from what the run logs: cumulative FLOPs, then tokens per step, then cumulative tokens. Tokens
/// become FLOPs as passes × tokens × F_fwd(S) with the model's forward FLOPs per token at mean length S
/// (framework.md §6: SFT 3 passes, GRPO-style RL 4: one generation pass and three for training).
/// </summary>
internal sealed class StepCompute
{
    private readonly Func<double, double> _atStep;

    private StepCompute(Func<double, double> atStep, string basis)
    {
        _atStep = atStep;
        Basis = basis;
    }

    /// <summary>How compute was counted, in words.</summary>
    public string Basis { get; }

    /// <summary>Cumulative EF at <paramref name="step"/> (0 at step 0).</summary>
    public double At(double step) => step <= 0 ? 0 : _atStep(step);

    public static StepCompute For(RunLog run, ComputeSpec spec, ModelDimensions? model, FlopsConvention convention, double defaultPasses, Func<string, Exception> fail)
    {
        var passes = spec.Passes ?? defaultPasses;
        if (spec.PerStepExaFlops is { } perStep)
        {
            return new StepCompute(step => step * perStep, $"{Number(perStep)} EF per step (manifest)");
        }

        if (spec.TokensPerStep is { } tokens)
        {
            var perToken = PerToken(model, spec.SequenceLength ?? throw fail("compute.tokens_per_step needs compute.seq_len (mean tokens per sequence) for the attention term"), convention, fail);
            return new StepCompute(step => step * tokens * passes * perToken / FlopsEstimate.ExaFlop, $"{Number(tokens)} tokens per step x {Number(passes)} passes x F_fwd(S = {Number(spec.SequenceLength!.Value)}) of {model!.Name} ({Convention(convention)})");
        }

        if (spec.FlopsKey is { } flopsKey)
        {
            return Flops(Series(run, flopsKey, fail), fail);
        }

        if (spec.StepTokensKey is { } stepTokensKey)
        {
            return StepTokens(run, Series(run, stepTokensKey, fail), spec, model, convention, passes, fail);
        }

        if (spec.TokensSeenKey is { } seenKey)
        {
            return TokensSeen(Series(run, seenKey, fail), spec, model, convention, passes, fail);
        }

        if (Canonical(run, CanonicalSeries.Flops) is { } flops && flops.Points.Any(p => p.Value > 0))
        {
            return Flops(flops, fail);
        }

        if (Canonical(run, CanonicalSeries.StepTokens) is { } stepTokens && model is not null)
        {
            return StepTokens(run, stepTokens, spec, model, convention, passes, fail);
        }

        if (Canonical(run, CanonicalSeries.Tokens) is { } seen && model is not null)
        {
            return TokensSeen(seen, spec, model, convention, passes, fail);
        }

        throw fail(model is null
            ? "the run logs no FLOPs, and without a model (model: preset or config) its tokens cannot be turned into FLOPs; give model:, or compute.per_step: EF"
            : "the run logs neither FLOPs nor tokens; give compute.per_step: EF, or compute.tokens_per_step with compute.seq_len");
    }

    private static StepCompute Flops(MetricSeries series, Func<string, Exception> fail)
    {
        var points = series.Points.Where(p => double.IsFinite(p.Value) && p.Value > 0).Select(p => ((double)p.Step, p.Value / FlopsEstimate.ExaFlop)).ToArray();
        return points.Length == 0
            ? throw fail($"the FLOPs series '{series.Key}' holds no positive value")
            : new StepCompute(step => Interpolate(points, step), $"cumulative FLOPs logged as '{series.Key}' (interpolated between logged steps)");
    }

    private static StepCompute TokensSeen(MetricSeries series, ComputeSpec spec, ModelDimensions? model, FlopsConvention convention, double passes, Func<string, Exception> fail)
    {
        var perToken = PerToken(model, spec.SequenceLength ?? throw fail($"tokens logged as '{series.Key}' need compute.seq_len (mean tokens per sequence) for the attention term"), convention, fail);
        var points = series.Points.Where(p => double.IsFinite(p.Value)).Select(p => ((double)p.Step, p.Value * passes * perToken / FlopsEstimate.ExaFlop)).ToArray();
        return points.Length == 0
            ? throw fail($"the token series '{series.Key}' holds no finite value")
            : new StepCompute(step => Interpolate(points, step), $"cumulative tokens logged as '{series.Key}' x {Number(passes)} passes x F_fwd(S = {Number(spec.SequenceLength!.Value)}) of {model!.Name} ({Convention(convention)})");
    }

    /// <summary>Per-step tokens: each logged value stands for the steps since the previous logged one.</summary>
    private static StepCompute StepTokens(RunLog run, MetricSeries series, ComputeSpec spec, ModelDimensions? model, FlopsConvention convention, double passes, Func<string, Exception> fail)
    {
        if (model is null)
        {
            throw fail($"tokens per step ('{series.Key}') become FLOPs only with a model: give model: preset or config");
        }

        var prompt = Canonical(run, CanonicalSeries.PromptLength);
        var response = Canonical(run, CanonicalSeries.ResponseLength);
        if (spec.SequenceLength is null && (prompt is null || response is null))
        {
            throw fail($"tokens per step ('{series.Key}') need the mean sequence length: the run logs no prompt and response lengths, so give compute.seq_len");
        }

        var rounds = spec.Passes is null ? GenerationRounds(run, spec, fail) : null;
        var roundsAt = new Dictionary<long, double>();
        foreach (var p in rounds?.Points ?? [])
        {
            roundsAt[p.Step] = p.Value;
        }

        var ratio = spec.GenerationRatio ?? 1;
        var cumulative = new List<(double Step, double ExaFlops)> { (0, 0) };
        double total = 0, previous = 0;
        foreach (var point in series.Points.Where(p => double.IsFinite(p.Value) && p.Step > 0))
        {
            var length = spec.SequenceLength ?? (Value(prompt!, point.Step) + Value(response!, point.Step));
            if (!double.IsFinite(length) || length <= 0)
            {
                throw fail(string.Create(CultureInfo.InvariantCulture, $"step {point.Step}: no prompt and response length is logged there; give compute.seq_len"));
            }

            // DAPO: K generation rounds of the generation batch, then one generation-free update (3 passes) of the trained batch.
            var stepPasses = rounds is null ? passes : (Rounds(roundsAt, point.Step) * ratio) + passes - 1;
            total += point.Value * (point.Step - previous) * stepPasses * ForwardFlops.PerToken(model, SequenceLengths.OfMean(length), convention) / FlopsEstimate.ExaFlop;
            previous = point.Step;
            cumulative.Add((point.Step, total));
        }

        var length0 = spec.SequenceLength is { } s ? $"S = {Number(s)}" : "S = the logged prompt + response length of each step";
        var passesText = rounds is null ? $"{Number(passes)} passes" : $"(K x {Number(ratio)} + {Number(passes - 1)}) passes, K = generation rounds logged as '{rounds.Key}'";
        return new StepCompute(step => Interpolate([.. cumulative], step), $"tokens per step logged as '{series.Key}' x {passesText} x F_fwd({length0}) of {model.Name} ({Convention(convention)})");
    }

    /// <summary>The generation rounds per step the manifest names, else verl's DAPO series when logged, else none.</summary>
    private static MetricSeries? GenerationRounds(RunLog run, ComputeSpec spec, Func<string, Exception> fail)
        => spec.GenerationRoundsKey is { } key ? Series(run, key, fail) : run.Series.FirstOrDefault(s => s.Key == DapoRoundsKey);

    /// <summary>The rounds logged at a step; a step without a record had one round (no resampling logged).</summary>
    private static double Rounds(Dictionary<long, double> rounds, long step)
        => rounds.TryGetValue(step, out var k) && double.IsFinite(k) && k >= 1 ? k : 1;

    /// <summary>verl's DAPO recipe logs its dynamic-sampling rounds per step under this key.</summary>
    internal const string DapoRoundsKey = "train/num_gen_batches";

    private static double PerToken(ModelDimensions? model, double sequenceLength, FlopsConvention convention, Func<string, Exception> fail)
        => model is null
            ? throw fail("tokens become FLOPs only with a model: give model: preset or config")
            : ForwardFlops.PerToken(model, SequenceLengths.OfMean(sequenceLength), convention);

    private static MetricSeries Series(RunLog run, string key, Func<string, Exception> fail)
        => run.Series.FirstOrDefault(s => s.Key == key) ?? Canonical(run, key) ?? throw fail($"the run logs no series '{key}'");

    private static MetricSeries? Canonical(RunLog run, string canonical) => run.WithCanonical(canonical).FirstOrDefault();

    private static double Value(MetricSeries series, long step)
    {
        var points = series.Points;
        var before = points.LastOrDefault(p => p.Step <= step);
        return before.Step == 0 && points.Count > 0 && points[0].Step > step ? points[0].Value : before.Value;
    }

    /// <summary>Linear between logged steps; from the origin before the first; extended at the last rate beyond the last.</summary>
    private static double Interpolate((double Step, double Value)[] points, double step)
    {
        if (step <= points[0].Step)
        {
            return points[0].Step > 0 ? points[0].Value * step / points[0].Step : points[0].Value;
        }

        for (var i = 1; i < points.Length; i++)
        {
            if (step <= points[i].Step)
            {
                var (a, b) = (points[i - 1], points[i]);
                return a.Value + ((b.Value - a.Value) * (step - a.Step) / (b.Step - a.Step));
            }
        }

        var last = points[^1];
        return points.Length > 1 ? last.Value + ((last.Value - points[^2].Value) * (step - last.Step) / (last.Step - points[^2].Step)) : last.Value * step / last.Step;
    }

    private static string Convention(FlopsConvention convention) => $"{convention.ToString().ToLowerInvariant()} convention";

    private static string Number(double value) => value.ToString(value >= 1e4 && value == Math.Round(value) ? "#,0" : "G6", CultureInfo.InvariantCulture);
}
