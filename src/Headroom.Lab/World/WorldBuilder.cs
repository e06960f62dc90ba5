using System.Text.Json;
using Headroom.Lab.Evaluation;
using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Headroom.Lab.Training;
using static TorchSharp.torch;

namespace Headroom.Lab.World;

/// <summary>
/// Builds a world into a lab folder: draws it (<see cref="WorldDraft"/>), pretrains the base model to its
/// plateau (base/), labels candidate difficulty with the base model as the weaker reference, assembles
/// the five SFT sets, scores the base model, and writes data/ (JSON Lines and world.json, last).
/// </summary>
internal static class WorldBuilder
{
    /// <summary>Candidates the reference model attempts at a time before the quotas are checked.</summary>
    private const int LabelChunk = 1000;

    /// <summary>
    /// The world in <paramref name="folder"/>, built first when absent (under the folder's lock unless the
    /// caller already holds it: <paramref name="lockHeld"/>).
    /// </summary>
    public static LabWorld Ensure(string folder, LabPreset preset, LabSeeds seeds, int threads, TrainConfig pretrain, bool lockHeld, IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        if (LabWorld.Load(folder, preset, seeds) is { } existing)
        {
            return existing;
        }

        using var folderLock = lockHeld ? null : RunLock.Acquire(folder, "headroom lab data");
        if (LabWorld.Load(folder, preset, seeds) is { } builtMeanwhile)
        {
            return builtMeanwhile;
        }

        var draft = WorldDraft.Create(seeds.World, preset.World);
        var pretraining = EnsureBase(folder, preset, draft, seeds, threads, pretrain, progress, cancel);
        TorchRuntime.UseThreads(threads);
        using var reference = Checkpoints.LoadModel(LabWorld.BaseFolder(folder));
        var sampling = new SamplingSettings(preset.Sft.Temperature, preset.Sft.TopP, preset.Sft.SampleBatchSize);
        using var generator = new Generator((ulong)seeds.World ^ 0x1abe1UL);
        var (labelled, winRates, luckyRates) = Label(reference, draft.Candidates, preset.World, sampling, generator, progress, cancel);
        var (smallWinRates, _) = Difficulty.Attempt(reference, [.. draft.Large.Take(preset.World.Small)], WorldSizes.Attempts, sampling, generator);
        var datasets = Datasets(draft, preset.World, labelled, winRates, smallWinRates);
        progress?.Report(new TrainingProgress("data", 0, 0, double.NaN, 0, 0, TimeSpan.Zero, "scoring the base model on the benchmarks"));
        var scores = Evaluator.Score(reference, draft.Benchmarks, sampling, generator);
        var validation = draft.Validation.Select(p => new Example(p.Prompt, Trajectories.Expert(p))).ToList();
        var evalLoss = Evaluator.ValidationLoss(reference, validation, preset.Sft.EvalBatchSize);
        var report = Report(folder, preset, seeds, threads, reference, draft, pretraining, datasets, labelled, winRates, luckyRates, scores, evalLoss);
        Write(folder, draft, datasets, report);
        return LabWorld.Load(folder, preset, seeds)!;
    }

    /// <summary>Pretrains (or resumes pretraining) the base model into base/ until its plateau, unless it is finished; how it ended.</summary>
    public static PretrainSummary EnsureBase(string folder, LabPreset preset, WorldDraft draft, LabSeeds seeds, int threads, TrainConfig pretrain, IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        var baseFolder = LabWorld.BaseFolder(folder);
        var stateFile = Path.Combine(baseFolder, TrainerStateFile.FileName);
        var resumedFrom = 0;
        if (!File.Exists(LabWorld.BaseModel(folder)) || !File.Exists(stateFile))
        {
            var run = new TrainingRun(baseFolder, preset.Model, pretrain, draft.PretrainCorpus, draft.PretrainValidation, draft.Benchmarks, seeds.Pretrain, threads, InitialModel: null, Stage: "pretrain", World: folder);
            resumedFrom = SftTrainer.Run(run, progress, cancel).ResumedFromStep;
        }

        Checkpoints.RequireModel(baseFolder, preset.Model, $"The base model in {baseFolder}");
        var state = TrainerStateFile.Read(stateFile);
        var evaluations = state.LogHistory.Where(e => e.ContainsKey("eval_loss")).Select(e => ((int)e["step"], e["eval_loss"])).ToList();
        var losses = evaluations.Select(e => e.Item2).ToList();
        var plateauStep = PlateauRule.FirstReached(evaluations, pretrain.PlateauPatience, pretrain.PlateauImprovement);
        return new PretrainSummary(state.GlobalStep, state.MaxSteps, plateauStep is not null, PlateauRule.Describe(pretrain), losses.DefaultIfEmpty(double.NaN).Min(), losses.DefaultIfEmpty(double.NaN).Last(), resumedFrom, plateauStep, PlateauRule.LastIntervalDrop(losses));
    }

    /// <summary>Win rates (and lucky-win rates) of candidates, chunk by chunk, until the Easy, Hard and Uniform quotas are met or candidates run out.</summary>
    private static (List<Problem> Labelled, List<double> WinRates, List<double> LuckyRates) Label(Llama reference, IReadOnlyList<Problem> candidates, WorldSizes sizes, SamplingSettings sampling, Generator generator, IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        var labelled = new List<Problem>();
        var winRates = new List<double>();
        var luckyRates = new List<double>();
        foreach (var chunk in candidates.Chunk(LabelChunk))
        {
            cancel.ThrowIfCancellationRequested();
            labelled.AddRange(chunk);
            var (wins, lucky) = Difficulty.Attempt(reference, chunk, WorldSizes.Attempts, sampling, generator);
            winRates.AddRange(wins);
            luckyRates.AddRange(lucky);
            var easy = winRates.Count(w => Difficulty.Classify(w) == DifficultyClass.Easy);
            var hard = winRates.Count(w => Difficulty.Classify(w) == DifficultyClass.Hard);
            progress?.Report(new TrainingProgress("label", labelled.Count, candidates.Count, double.NaN, 0, 0, TimeSpan.Zero, $"{easy} easy, {hard} hard"));
            if (easy >= sizes.Equal && hard >= sizes.Equal && labelled.Count >= sizes.Equal)
            {
                break;
            }
        }

        return (labelled, winRates, luckyRates);
    }

    /// <summary>small = a prefix of large; easy / hard = the first labelled candidates of that class; uniform = the first labelled candidates.</summary>
    private static Dictionary<string, List<WorldRecord>> Datasets(WorldDraft draft, WorldSizes sizes, List<Problem> labelled, List<double> winRates, double[] smallWinRates)
    {
        var records = labelled.Select((p, i) => WorldRecord.Expert(p, winRates[i])).ToList();
        return new Dictionary<string, List<WorldRecord>>
        {
            ["small"] = [.. draft.Large.Take(sizes.Small).Select((p, i) => WorldRecord.Expert(p, smallWinRates[i]))],
            ["easy"] = [.. records.Where(r => Difficulty.Classify(r.WinRate!.Value) == DifficultyClass.Easy).Take(sizes.Equal)],
            ["uniform"] = [.. records.Take(sizes.Equal)],
            ["hard"] = [.. records.Where(r => Difficulty.Classify(r.WinRate!.Value) == DifficultyClass.Hard).Take(sizes.Equal)],
            ["large"] = [.. draft.Large.Select((p, i) => WorldRecord.Expert(p, i < sizes.Small ? smallWinRates[i] : null))],
        };
    }

    private static DataReport Report(string folder, LabPreset preset, LabSeeds seeds, int threads, Llama reference, WorldDraft draft, PretrainSummary pretraining,
        Dictionary<string, List<WorldRecord>> datasets, List<Problem> labelled, List<double> winRates, List<double> luckyRates, EvaluationScores scores, double evalLoss)
    {
        var sets = LabWorld.DatasetNames.Select(n => Summarize(n, datasets[n])).ToList();
        var histogram = Enumerable.Range(0, WorldSizes.Attempts + 1).Select(k => winRates.Count(w => Math.Abs(w * WorldSizes.Attempts - k) < 1e-9)).ToList();
        List<double> BySteps(List<double> rates) => [.. Enumerable.Range(1, WorldDraft.TrainShape.MaxSteps)
            .Select(k => labelled.Select((p, i) => (p, i)).Where(x => x.p.Steps == k).Select(x => rates[x.i]).DefaultIfEmpty(double.NaN).Average())];
        return new DataReport(WorldDraft.Version, folder, preset.Name, seeds, threads, reference.ParameterCount, reference.Config, pretraining,
            sets, draft.Validation.Count, WorldSizes.Attempts, labelled.Count, histogram, BySteps(winRates), BySteps(luckyRates),
            [.. scores.Benchmarks.Select((b, i) => new BaseBenchmark(
                b.Name, draft.Benchmarks[i].Mirrors, b.Problems, b.SamplesPerProblem, draft.Benchmarks[i].Shape.MinSteps, draft.Benchmarks[i].Shape.MaxSteps, b.Accuracy, b.Se,
                draft.Benchmarks[i].Problems.Average(p => p.SlipSteps)))],
            new BaseHeadline(scores.Headline, scores.HeadlineSe), evalLoss);
    }

    private static DatasetSummary Summarize(string name, List<WorldRecord> records)
    {
        var labelled = records.Where(r => r.WinRate is not null).ToList();
        var topAnswer = records.Count == 0 ? 0 : records.GroupBy(r => r.Answer).Max(g => g.Count());
        return new DatasetSummary(
            name,
            records.Count,
            records.Count == 0 ? double.NaN : records.Average(r => r.Steps),
            records.Count == 0 ? double.NaN : records.Average(r => r.Response.Length),
            labelled.Count == 0 ? double.NaN : labelled.Average(r => r.WinRate!.Value),
            labelled.Count,
            records.Select(r => r.Answer).Distinct().Count(),
            records.Count == 0 ? double.NaN : (double)topAnswer / records.Count,
            records.Count == 0 ? double.NaN : (double)records.Sum(r => WorldFiles.ToProblem(r).UnfamiliarSteps) / records.Sum(r => r.Steps),
            records.Count == 0 ? double.NaN : records.Average(r => WorldFiles.ToProblem(r).SlipSteps));
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
        WorldFiles.Write(Path.Combine(data, "rl", "prompts.jsonl"), draft.RlPrompts.Select(p => WorldRecord.Expert(p)));
        File.WriteAllText(LabWorld.ReportFile(folder), JsonSerializer.Serialize(report, ConfigOverrides.Json) + "\n"); // written last: its presence marks a complete world
    }
}
