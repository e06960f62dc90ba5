using System.Text.Json;
using Headroom.Lab.Evaluation;
using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Headroom.Lab.Training;
using Headroom.Lab.World;
using static TorchSharp.torch;

namespace Headroom.Lab;

/// <summary>
/// The lab's commands. Each is idempotent and resumable on its folder: what exists is reused, a killed
/// run continues from its newest checkpoint, and the same seed and thread count give the same bits.
/// </summary>
public static class LabSession
{
    /// <summary>The SFT data sets: small, easy, uniform, hard, large.</summary>
    public static IReadOnlyList<string> Datasets => LabWorld.DatasetNames;

    /// <summary>Builds (or loads) the world: data sets, difficulty labels, base model and its scores.</summary>
    public static DataReport BuildData(LabOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var preset = Resolve(options);
        return WorldBuilder.Ensure(options.WorldFolder, preset, options.Seed, options.Threads, ConfigOverrides.Apply(preset.Pretrain, options.Settings), progress, cancel).Report;
    }

    /// <summary>Pretrains the base model into base/ (resuming a killed run; nothing to do when finished).</summary>
    public static TrainingReport Pretrain(LabOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var preset = Resolve(options);
        var config = ConfigOverrides.Apply(preset.Pretrain, options.Settings);
        var outcome = WorldBuilder.EnsureBase(options.WorldFolder, preset, WorldDraft.Create(options.Seed, preset.World), options.Seed, options.Threads, config, progress, cancel);
        return Report("pretrain", LabWorld.BaseFolder(options.WorldFolder), options, preset.Model, outcome?.ResumedFromStep ?? 0);
    }

    /// <summary>Fine-tunes the base model on one SFT set, writing checkpoint-N folders into Out.</summary>
    public static TrainingReport Sft(LabOptions options, string dataset, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var preset = Resolve(options);
        var config = ConfigOverrides.Apply(preset.Sft, options.Settings);
        if (!LabWorld.DatasetNames.Contains(dataset))
        {
            throw LabException.UnknownDataset(dataset, LabWorld.DatasetNames);
        }

        var world = WorldBuilder.Ensure(options.WorldFolder, preset, options.Seed, options.Threads, preset.Pretrain, progress, cancel);
        var examples = world.Dataset(dataset);
        if (examples.Count == 0)
        {
            throw LabException.EmptyDataset(dataset, LabWorld.DataFolder(options.WorldFolder));
        }

        var run = new TrainingRun(options.Out, preset.Model, config, examples, world.Validation, world.Benchmarks, options.Seed, options.Threads, LabWorld.BaseModel(options.WorldFolder), "sft:" + dataset);
        var outcome = SftTrainer.Run(run, progress, cancel);
        return Report("sft:" + dataset, options.Out, options, preset.Model, outcome.ResumedFromStep);
    }

    /// <summary>Scores one checkpoint folder on the world's benchmarks and validation set; writes eval_results.json beside it.</summary>
    public static EvaluationReport Evaluate(LabOptions options, string checkpoint, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var preset = Resolve(options);
        var config = ConfigOverrides.Apply(preset.Sft, options.Settings);
        var world = WorldBuilder.Ensure(options.WorldFolder, preset, options.Seed, options.Threads, preset.Pretrain, progress, cancel);
        TorchRuntime.UseThreads(options.Threads);
        using var model = Checkpoints.LoadModel(checkpoint);
        using var generator = new Generator((ulong)options.Seed);
        var scores = Evaluator.Score(model, world.Benchmarks, new SamplingSettings(config.Temperature, config.TopP, config.SampleBatchSize), generator);
        var results = scores.Benchmarks.Select((b, i) => new BenchmarkResult(b.Name, world.Benchmarks[i].Mirrors, b.Problems, b.SamplesPerProblem, b.Accuracy)).ToList();
        var report = new EvaluationReport(Path.GetFullPath(checkpoint), options.Seed, options.Threads, Evaluator.ValidationLoss(model, world.Validation, config.EvalBatchSize), results, scores.Headline);
        File.WriteAllText(Path.Combine(checkpoint, "eval_results.json"), JsonSerializer.Serialize(report, ConfigOverrides.Json) + "\n");
        return report;
    }

    /// <summary>The preset with the requested model: --model-size (default: the preset's), then every --set model.KEY=N.</summary>
    private static LabPreset Resolve(LabOptions options)
    {
        var preset = LabPreset.Named(options.Preset);
        return preset with { Model = ConfigOverrides.ApplyModel(ModelSizes.Resolve(options.ModelSize, preset), options.Settings) };
    }

    private static TrainingReport Report(string stage, string folder, LabOptions options, GptConfig model, int resumedFrom)
    {
        var state = TrainerStateFile.Read(Path.Combine(folder, TrainerStateFile.FileName));
        var evaluations = state.LogHistory.Where(e => e.ContainsKey("eval_loss")).Select(e => new CheckpointSummary(
            (int)e["step"], e["eval_loss"], e.GetValueOrDefault("eval_headline", double.NaN),
            e.Where(p => p.Key.StartsWith("eval_", StringComparison.Ordinal) && p.Key.EndsWith("_pass1", StringComparison.Ordinal)).ToDictionary(p => p.Key["eval_".Length..^"_pass1".Length], p => p.Value),
            FlosAt(state, (int)e["step"]))).ToList();
        var best = evaluations.MinBy(e => e.EvalLoss);
        var summary = state.LogHistory.Last();
        var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, HfModelConfig.FileName))).RootElement.GetProperty("num_parameters").GetInt64();
        return new TrainingReport(stage, Path.GetFullPath(folder), options.Seed, options.Threads, parameters, model, state.GlobalStep, resumedFrom, summary.GetValueOrDefault("train_loss", double.NaN),
            evaluations, best?.EvalLoss ?? double.NaN, best?.Step ?? 0, state.TotalFlos, state.NumInputTokensSeen, summary.GetValueOrDefault("train_runtime", double.NaN));
    }

    // FLOPs are linear in steps only at a fixed mean length; the trainer logs tokens per step, so
    // interpolate through num_input_tokens_seen: flops(step) = total · tokens(step) / tokens(end).
    private static double FlosAt(TrainerStateFile state, int step)
    {
        var tokens = state.LogHistory.Where(e => e.ContainsKey("num_input_tokens_seen") && (int)e["step"] <= step).Select(e => e["num_input_tokens_seen"]).DefaultIfEmpty(0).Max();
        return state.NumInputTokensSeen == 0 ? 0 : state.TotalFlos * tokens / state.NumInputTokensSeen;
    }
}
