using System.Text.Json;
using Headroom.Lab.Training;

namespace Headroom.Lab.World;

/// <summary>A built world as the trainers use it: benchmarks, validation trajectories, the five SFT sets and the RL prompts.</summary>
internal sealed record LabWorld(
    string Folder,
    IReadOnlyList<Benchmark> Benchmarks,
    IReadOnlyList<Example> Validation,
    IReadOnlyDictionary<string, IReadOnlyList<WorldRecord>> Datasets,
    IReadOnlyList<Problem> RlPrompts,
    DataReport Report)
{
    /// <summary>The SFT sets, in the paper's order.</summary>
    public static IReadOnlyList<string> DatasetNames { get; } = ["small", "easy", "uniform", "hard", "large"];

    public static string DataFolder(string folder) => Path.Combine(folder, "data");

    public static string BaseFolder(string folder) => Path.Combine(folder, "base");

    public static string BaseModel(string folder) => Path.Combine(BaseFolder(folder), Checkpoints.ModelFile);

    public static string ReportFile(string folder) => Path.Combine(DataFolder(folder), "world.json");

    /// <summary>Examples of the SFT set <paramref name="name"/>.</summary>
    public IReadOnlyList<Example> Dataset(string name)
        => Datasets.TryGetValue(name, out var records)
            ? [.. records.Select(r => new Example(r.Prompt, r.Response))]
            : throw LabException.UnknownDataset(name, DatasetNames);

    /// <summary>
    /// Loads a world written by <see cref="WorldBuilder"/>, or null when the folder holds none. A world of
    /// another version, seed or preset, or with a damaged file, is a <see cref="LabException"/>.
    /// </summary>
    public static LabWorld? Load(string folder, LabPreset preset, LabSeeds seeds)
    {
        var world = LoadAny(folder, preset.Model);
        if (world is not null && (world.Report.Seeds.World != seeds.World || world.Report.Seeds.Pretrain != seeds.Pretrain || world.Report.Preset != preset.Name))
        {
            var saved = world.Report.Seeds;
            throw LabException.WorldMismatch(folder, $"seed.world {saved.World}, seed.pretrain {saved.Pretrain}, --preset {world.Report.Preset}", $"seed.world {seeds.World}, seed.pretrain {seeds.Pretrain}, --preset {preset.Name}");
        }

        return world;
    }

    /// <summary>Loads the world in <paramref name="folder"/> whatever its seeds and preset (eval, RL), checking its base model's shape; null when none.</summary>
    public static LabWorld? LoadAny(string folder, Model.LlamaConfig? model)
    {
        var reportFile = ReportFile(folder);
        if (!File.Exists(reportFile))
        {
            return null;
        }

        var json = LabFiles.ReadJsonObject(reportFile, "world report");
        var version = json["version"] is { } v && v.GetValueKind() == JsonValueKind.Number ? (int)v : 1;
        if (version != WorldDraft.Version)
        {
            throw LabException.OldWorld(folder, version);
        }

        var report = LabFiles.ReadJson<DataReport>(reportFile, "world report", ConfigOverrides.Json);
        if (model is { } requested)
        {
            Checkpoints.RequireModel(BaseFolder(folder), requested, $"The base model in {BaseFolder(folder)}");
        }

        var data = DataFolder(folder);
        var benchmarks = World.Benchmarks.Specifications.Select(s => ReadBenchmark(data, s.Name, s.Mirrors, s.Shape, s.Samples)).ToList();
        var validation = WorldFiles.Read(Path.Combine(data, "validation.jsonl")).Select(r => new Example(r.Prompt, r.Response)).ToList();
        var datasets = DatasetNames.ToDictionary(n => n, n => (IReadOnlyList<WorldRecord>)WorldFiles.Read(Path.Combine(data, "sft", n + ".jsonl")));
        var rl = WorldFiles.Read(Path.Combine(data, "rl", "prompts.jsonl")).Select(WorldFiles.ToProblem).ToList();
        return new LabWorld(folder, benchmarks, validation, datasets, rl, WithSlipSteps(report, datasets, benchmarks));
    }

    /// <summary>The report with its slip-prone step counts, counted from the world's files where a report written before them lacks them.</summary>
    private static DataReport WithSlipSteps(DataReport report, Dictionary<string, IReadOnlyList<WorldRecord>> datasets, List<Benchmark> benchmarks)
        => report with
        {
            Sets = [.. report.Sets.Select(set => double.IsNaN(set.MeanSlipSteps) && datasets.TryGetValue(set.Name, out var records) && records.Count > 0
                ? set with { MeanSlipSteps = records.Average(r => WorldFiles.ToProblem(r).SlipSteps) }
                : set)],
            Benchmarks = [.. report.Benchmarks.Select(scored => double.IsNaN(scored.MeanSlipSteps) && benchmarks.Find(b => b.Name == scored.Name) is { Problems.Count: > 0 } benchmark
                ? scored with { MeanSlipSteps = benchmark.Problems.Average(p => p.SlipSteps) }
                : scored)],
        };

    private static Benchmark ReadBenchmark(string data, string name, string mirrors, ProblemShape shape, int samples)
        => new(name, mirrors, shape, [.. WorldFiles.Read(Path.Combine(data, "benchmarks", name + ".jsonl")).Select(WorldFiles.ToProblem)], samples);
}
