using System.Text.Json;
using Headroom.Lab.Evaluation;
using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Headroom.Lab.Training;
using static TorchSharp.torch;

namespace Headroom.Lab.World;

/// <summary>
/// Builds a world into a lab folder: draws it (<see cref="WorldDraft"/>), pretrains the base model
/// (base/), labels candidate difficulty with the base model as the weaker reference, assembles the five
/// SFT sets, scores the base model, and writes data/ (JSON Lines and world.json).
/// </summary>
internal static class WorldBuilder
{
    /// <summary>Candidates the reference model attempts at a time before the quotas are checked.</summary>
    private const int LabelChunk = 1000;

    public static LabWorld Ensure(string folder, LabPreset preset, int seed, int threads, TrainConfig pretrain, IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        if (LabWorld.Load(folder, preset, seed) is { } existing)
        {
            return existing;
        }

        var draft = WorldDraft.Create(seed, preset.World);
        EnsureBase(folder, preset, draft, seed, threads, pretrain, progress, cancel);
        TorchRuntime.UseThreads(threads);
        using var reference = Checkpoints.LoadModel(LabWorld.BaseFolder(folder));
        var sampling = new SamplingSettings(preset.Sft.Temperature, preset.Sft.TopP, preset.Sft.SampleBatchSize);
        using var generator = new Generator((ulong)seed ^ 0x1abe1UL);
        var (labelled, winRates) = Label(reference, draft.Candidates, preset.World, sampling, generator, progress, cancel);
        var datasets = Datasets(draft, preset.World, labelled, winRates);
        var scores = Evaluator.Score(reference, draft.Benchmarks, sampling, generator);
        var validation = draft.Validation.Select(p => new Example(p.Prompt, Trajectories.Expert(p))).ToList();
        var report = Report(folder, preset, seed, threads, reference, draft, datasets, winRates, labelled, scores, Evaluator.ValidationLoss(reference, validation, preset.Sft.EvalBatchSize));
        Write(folder, draft, datasets, report);
        return LabWorld.Load(folder, preset, seed)!;
    }

    /// <summary>Pretrains (or resumes pretraining) the base model into base/ unless it is finished.</summary>
    public static TrainingOutcome? EnsureBase(string folder, LabPreset preset, WorldDraft draft, int seed, int threads, TrainConfig pretrain, IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        var baseFolder = LabWorld.BaseFolder(folder);
        var stateFile = Path.Combine(baseFolder, TrainerStateFile.FileName);
        if (File.Exists(LabWorld.BaseModel(folder)) && File.Exists(stateFile) && TrainerStateFile.Read(stateFile).GlobalStep >= pretrain.MaxSteps)
        {
            Checkpoints.RequireModel(baseFolder, preset.Model, $"The base model in {baseFolder}");
            return null;
        }

        var validation = draft.Validation.Select(p => new Example(p.Prompt, Trajectories.Expert(p))).ToList();
        var run = new TrainingRun(baseFolder, preset.Model, pretrain, draft.PretrainCorpus, validation, draft.Benchmarks, seed, threads, InitialModel: null, Stage: "pretrain");
        return SftTrainer.Run(run, progress, cancel);
    }

    /// <summary>Win rates of candidates, chunk by chunk, until the Easy, Hard and Uniform quotas are met or candidates run out.</summary>
    private static (List<Problem> Labelled, List<double> WinRates) Label(Gpt reference, IReadOnlyList<Problem> candidates, WorldSizes sizes, SamplingSettings sampling, Generator generator, IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        var labelled = new List<Problem>();
        var winRates = new List<double>();
        foreach (var chunk in candidates.Chunk(LabelChunk))
        {
            cancel.ThrowIfCancellationRequested();
            labelled.AddRange(chunk);
            winRates.AddRange(Difficulty.WinRates(reference, chunk, WorldSizes.Attempts, sampling, generator));
            progress?.Report(new TrainingProgress("label", labelled.Count, candidates.Count, double.NaN, 0, 0, TimeSpan.Zero, $"{winRates.Count(w => w >= 1)} easy, {winRates.Count(w => w <= 0.25)} hard"));
            if (winRates.Count(w => Difficulty.Classify(w) == DifficultyClass.Easy) >= sizes.Equal
                && winRates.Count(w => Difficulty.Classify(w) == DifficultyClass.Hard) >= sizes.Equal && labelled.Count >= sizes.Equal)
            {
                break;
            }
        }

        return (labelled, winRates);
    }

    /// <summary>small = a prefix of large; easy / hard = the first labelled candidates of that class; uniform = the first labelled candidates.</summary>
    private static Dictionary<string, List<WorldRecord>> Datasets(WorldDraft draft, WorldSizes sizes, List<Problem> labelled, List<double> winRates)
    {
        var records = labelled.Select((p, i) => WorldRecord.Expert(p, winRates[i])).ToList();
        return new Dictionary<string, List<WorldRecord>>
        {
            ["small"] = [.. draft.Large.Take(sizes.Small).Select(p => WorldRecord.Expert(p))],
            ["easy"] = [.. records.Where(r => Difficulty.Classify(r.WinRate!.Value) == DifficultyClass.Easy).Take(sizes.Equal)],
            ["uniform"] = [.. records.Take(sizes.Equal)],
            ["hard"] = [.. records.Where(r => Difficulty.Classify(r.WinRate!.Value) == DifficultyClass.Hard).Take(sizes.Equal)],
            ["large"] = [.. draft.Large.Select(p => WorldRecord.Expert(p))],
        };
    }

    private static DataReport Report(string folder, LabPreset preset, int seed, int threads, Gpt reference, WorldDraft draft, Dictionary<string, List<WorldRecord>> datasets, List<double> winRates, List<Problem> labelled, EvaluationScores scores, double evalLoss)
    {
        var summaries = LabWorld.DatasetNames.Select(n => new DatasetSummary(n, datasets[n].Count, datasets[n].Count == 0 ? double.NaN : datasets[n].Average(r => r.Steps), datasets[n].All(r => r.WinRate is not null) && datasets[n].Count > 0 ? datasets[n].Average(r => r.WinRate!.Value) : double.NaN)).ToList();
        var histogram = Enumerable.Range(0, WorldSizes.Attempts + 1).Select(k => winRates.Count(w => Math.Abs(w * WorldSizes.Attempts - k) < 1e-9)).ToList();
        var bySteps = Enumerable.Range(1, WorldDraft.TrainShape.MaxSteps)
            .Select(k => labelled.Select((p, i) => (p, i)).Where(x => x.p.Steps == k).Select(x => winRates[x.i]).DefaultIfEmpty(double.NaN).Average()).ToList();
        var benchmarkResults = scores.Benchmarks.Select((b, i) => new BenchmarkResult(b.Name, draft.Benchmarks[i].Mirrors, b.Problems, b.SamplesPerProblem, b.Accuracy)).ToList();
        return new DataReport(folder, preset.Name, seed, threads, reference.ParameterCount, reference.Config, summaries, draft.Validation.Count, labelled.Count, histogram, bySteps, benchmarkResults, scores.Headline, evalLoss);
    }

    private static void Write(string folder, WorldDraft draft, Dictionary<string, List<WorldRecord>> datasets, DataReport report)
    {
        var data = LabWorld.DataFolder(folder);
        foreach (var benchmark in draft.Benchmarks)
        {
            WorldFiles.Write(Path.Combine(data, "benchmarks", benchmark.Name + ".jsonl"), benchmark.Problems.Select(p => WorldRecord.Expert(p)));
        }

        foreach (var (name, records) in datasets)
        {
            WorldFiles.Write(Path.Combine(data, "sft", name + ".jsonl"), records);
        }

        WorldFiles.Write(Path.Combine(data, "validation.jsonl"), draft.Validation.Select(p => WorldRecord.Expert(p)));
        File.WriteAllText(Path.Combine(data, "world.json"), JsonSerializer.Serialize(report, ConfigOverrides.Json) + "\n"); // written last: its presence marks a complete world
    }
}
