using System.Text.Json;
using Headroom.Lab.Evaluation;
using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Headroom.Lab.Rl;
using Headroom.Lab.Training;
using Headroom.Lab.World;
using static TorchSharp.torch;

namespace Headroom.Lab;

/// <summary>
/// The lab's commands. Each is idempotent and resumable on its folder: what exists is reused, a killed
/// run continues from its newest checkpoint, and the same seed and thread count give the same bits. A
/// folder being written is locked against a second run; every input is checked before any work.
/// </summary>
public static class LabSession
{
    /// <summary>The SFT data sets: small, easy, uniform, hard, large.</summary>
    public static IReadOnlyList<string> Datasets => LabWorld.DatasetNames;

    /// <summary>The RL algorithm named grpo, dapo_d, dapo_dc, luffy, srft, upt or prefix_rft; another name is a <see cref="LabException"/>.</summary>
    public static RlAlgorithm Algorithm(string name) => RlConfig.Parse(name);

    /// <summary>Builds (or loads) the world: data sets, difficulty labels, base model and its scores.</summary>
    public static DataReport BuildData(LabOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        options = options.Checked();
        var preset = Resolve(options);
        var pretrain = ConfigOverrides.Apply(preset.Pretrain, options.Settings);
        return WorldBuilder.Ensure(options.WorldFolder, preset, options.Seeds, options.Threads, pretrain, lockHeld: false, progress, cancel).Report;
    }

    /// <summary>Pretrains the base model into base/ until its plateau (resuming a killed run; nothing to do when finished).</summary>
    public static TrainingReport Pretrain(LabOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        options = options.Checked();
        var preset = Resolve(options);
        var config = ConfigOverrides.Apply(preset.Pretrain, options.Settings);
        using var folderLock = RunLock.Acquire(options.WorldFolder, "headroom lab pretrain");
        var seeds = options.Seeds;
        var summary = WorldBuilder.EnsureBase(options.WorldFolder, preset, WorldDraft.Create(seeds.World, preset.World), seeds, options.Threads, config, progress, cancel);
        return Report("pretrain", LabWorld.BaseFolder(options.WorldFolder), seeds.Pretrain, options.Threads, preset.Model, summary.ResumedFromStep);
    }

    /// <summary>Fine-tunes the base model on one SFT set, writing checkpoint-N folders into Out.</summary>
    public static TrainingReport Sft(LabOptions options, string dataset, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        options = options.Checked();
        var preset = Resolve(options);
        var config = ConfigOverrides.Apply(preset.Sft, options.Settings);
        if (!LabWorld.DatasetNames.Contains(dataset))
        {
            throw LabException.UnknownDataset(dataset, LabWorld.DatasetNames);
        }

        var seeds = options.Seeds;
        using var runLock = RunLock.Acquire(options.Out, $"headroom lab sft --dataset {dataset}");
        var world = WorldBuilder.Ensure(options.WorldFolder, preset, seeds, options.Threads, preset.Pretrain, lockHeld: SameFolder(options.Out, options.WorldFolder), progress, cancel);
        var examples = world.Dataset(dataset);
        if (examples.Count == 0)
        {
            throw LabException.EmptyDataset(dataset, LabWorld.DataFolder(options.WorldFolder));
        }

        var run = new TrainingRun(options.Out, preset.Model, config, examples, world.Validation, world.Benchmarks, seeds.Sft, options.Threads,
            LabWorld.BaseModel(options.WorldFolder), "sft:" + dataset, options.AllowChangedSettings, options.WorldFolder);
        var outcome = SftTrainer.Run(run, progress, cancel);
        return Report("sft:" + dataset, options.Out, seeds.Sft, options.Threads, preset.Model, outcome.ResumedFromStep);
    }

    /// <summary>
    /// RL (GRPO, DAPO_d, DAPO_dc, or the synchronized SFT+RL methods LUFFY, SRFT, UPT, Prefix-RFT) from <paramref name="from"/> — a checkpoint-N folder, a run folder, or
    /// "base" for the world's base model — on the world's RL prompts, writing verl's JSONL and checkpoints into Out.
    /// </summary>
    public static RlReport Rl(LabOptions options, string from, RlAlgorithm algorithm, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        options = options.Checked();
        var preset = LabPreset.Named(options.Preset);
        var config = ConfigOverrides.Apply(preset.Rl.For(algorithm), options.Settings);
        var startFolder = from == "base" ? LabWorld.BaseFolder(options.WorldFolder) : from;
        var model = HfModelConfig.Read(RequireModelFolder(startFolder));
        var worldFolder = options.World ?? (from == "base" ? options.WorldFolder : RecordedWorld(startFolder)) ?? throw LabException.NoWorld(startFolder);
        var world = LabWorld.LoadAny(worldFolder, model) ?? throw LabException.NoWorld(worldFolder);
        using var runLock = RunLock.Acquire(options.Out, $"headroom lab rl --algorithm {RlRun.AlgorithmName(algorithm)}");
        var run = new RlRun(options.Out, model, config, algorithm, world.RlPrompts, world.Benchmarks, options.Seeds.Rl, options.Threads, startFolder, worldFolder, options.AllowChangedSettings);
        var outcome = RlTrainer.Run(run, progress, cancel);
        return RlReports.Read(run, outcome);
    }

    /// <summary>
    /// Scores one model folder on its world's benchmarks and validation set. The checkpoint is checked
    /// first; nothing is built; the results are written (JSON) only to <see cref="LabOptions.Out"/> when given.
    /// </summary>
    public static EvaluationReport Evaluate(LabOptions options, string checkpoint, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        options = options.Checked(outRequired: false);
        var preset = LabPreset.Named(options.Preset);
        var config = ConfigOverrides.Apply(preset.Sft, options.Settings);
        RequireModelFolder(checkpoint);
        TorchRuntime.UseThreads(options.Threads);
        using var model = Checkpoints.LoadModel(checkpoint);
        var worldFolder = options.World ?? RecordedWorld(checkpoint) ?? throw LabException.NoWorld(checkpoint);
        var world = LabWorld.LoadAny(worldFolder, model.Config) ?? throw LabException.NoWorld(worldFolder);
        cancel.ThrowIfCancellationRequested();
        progress?.Report(new TrainingProgress("eval", 0, 1, double.NaN, 0, 0, TimeSpan.Zero, $"scoring {checkpoint} on the benchmarks of {worldFolder}"));
        using var generator = new Generator((ulong)options.Seed);
        var scores = Evaluator.Score(model, world.Benchmarks, new SamplingSettings(config.Temperature, config.TopP, config.SampleBatchSize), generator);
        var evalLoss = Evaluator.ValidationLoss(model, world.Validation, config.EvalBatchSize);
        var written = options.Out.Length > 0 ? Path.GetFullPath(options.Out) : null;
        var report = new EvaluationReport(Path.GetFullPath(checkpoint), options.Seed, options.Threads, evalLoss, scores.Results(world.Benchmarks), scores.HeadlineScore, written);
        if (written is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(written)!);
            File.WriteAllText(written, JsonSerializer.Serialize(report, ConfigOverrides.Json) + "\n");
        }

        return report;
    }

    /// <summary>Writes a model folder as a Hugging Face Llama: model.safetensors (HF parameter names), config.json, tokenizer.json.</summary>
    public static ExportReport Export(string checkpoint, string outFolder)
    {
        _ = new LabOptions { Out = outFolder }.Checked();
        RequireModelFolder(checkpoint);
        using var model = Checkpoints.LoadModel(checkpoint);
        return HfExport.Write(model, Path.GetFullPath(checkpoint), outFolder);
    }

    /// <summary>The preset with the requested model: --model-size (default: the preset's), then every --set model.KEY=N.</summary>
    private static LabPreset Resolve(LabOptions options)
    {
        var preset = LabPreset.Named(options.Preset);
        return preset with { Model = ConfigOverrides.ApplyModel(ModelSizes.Resolve(options.ModelSize, preset), options.Settings) };
    }

    /// <summary>The config.json of a model folder, after checking that the folder holds a model at all.</summary>
    private static string RequireModelFolder(string folder)
    {
        if (!File.Exists(Path.Combine(folder, Checkpoints.ModelFile)) || !File.Exists(Path.Combine(folder, HfModelConfig.FileName)))
        {
            throw LabException.NotACheckpoint(folder);
        }

        return Path.Combine(folder, HfModelConfig.FileName);
    }

    /// <summary>The world a model folder was trained in: recorded in its checkpoint state, or the lab folder above a base/ folder.</summary>
    private static string? RecordedWorld(string folder)
    {
        foreach (var stateFile in new[] { TrainingState.FileName, RlState.FileName })
        {
            var path = Path.Combine(folder, stateFile);
            if (File.Exists(path) && LabFiles.ReadJsonObject(path, "training state")["world"]?.ToString() is { Length: > 0 } world)
            {
                return world;
            }
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
        return parent is not null && File.Exists(LabWorld.ReportFile(parent)) ? parent : null;
    }

    private static bool SameFolder(string a, string b)
        => string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private static TrainingReport Report(string stage, string folder, int seed, int threads, LlamaConfig model, int resumedFrom)
    {
        var state = TrainerStateFile.Read(Path.Combine(folder, TrainerStateFile.FileName));
        var evaluations = state.LogHistory.Where(e => e.ContainsKey("eval_loss")).Select(e => new CheckpointSummary(
            (int)e["step"], e["eval_loss"], e.GetValueOrDefault("eval_headline", double.NaN), e.GetValueOrDefault("eval_headline_se", double.NaN),
            e.Where(p => p.Key.StartsWith("eval_", StringComparison.Ordinal) && p.Key.EndsWith("_pass1", StringComparison.Ordinal)).ToDictionary(p => p.Key["eval_".Length..^"_pass1".Length], p => p.Value),
            FlosAt(state, (int)e["step"]))).ToList();
        var best = evaluations.MinBy(e => e.EvalLoss);
        var summary = state.LogHistory.Last();
        var parameters = (long)LabFiles.ReadJsonObject(Path.Combine(folder, HfModelConfig.FileName), "model config")["num_parameters"]!;
        return new TrainingReport(stage, Path.GetFullPath(folder), seed, threads, parameters, model, state.GlobalStep, resumedFrom, summary.GetValueOrDefault("train_loss", double.NaN),
            evaluations, best?.EvalLoss ?? double.NaN, best?.Step ?? 0, state.TotalFlos, state.NumInputTokensSeen, summary.GetValueOrDefault("train_runtime", double.NaN), state.GlobalStep < state.MaxSteps);
    }

    // FLOPs are linear in steps only at a fixed mean length; the trainer logs tokens per step, so
    // interpolate through num_input_tokens_seen: flops(step) = total · tokens(step) / tokens(end).
    private static double FlosAt(TrainerStateFile state, int step)
    {
        var tokens = state.LogHistory.Where(e => e.ContainsKey("num_input_tokens_seen") && (int)e["step"] <= step).Select(e => e["num_input_tokens_seen"]).DefaultIfEmpty(0).Max();
        return state.NumInputTokensSeen == 0 ? 0 : state.TotalFlos * tokens / state.NumInputTokensSeen;
    }
}
