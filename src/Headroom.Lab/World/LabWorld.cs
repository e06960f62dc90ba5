using System.Text.Json;
using Headroom.Lab.Training;

namespace Headroom.Lab.World;

/// <summary>A built world as the trainers use it: benchmarks, validation trajectories and the five SFT sets.</summary>
internal sealed record LabWorld(
    string Folder,
    IReadOnlyList<Benchmark> Benchmarks,
    IReadOnlyList<Example> Validation,
    IReadOnlyDictionary<string, IReadOnlyList<WorldRecord>> Datasets,
    DataReport Report)
{
    /// <summary>The SFT sets, in the paper's order.</summary>
    public static IReadOnlyList<string> DatasetNames { get; } = ["small", "easy", "uniform", "hard", "large"];

    public static string DataFolder(string folder) => Path.Combine(folder, "data");

    public static string BaseFolder(string folder) => Path.Combine(folder, "base");

    public static string BaseModel(string folder) => Path.Combine(BaseFolder(folder), Checkpoints.ModelFile);

    /// <summary>Examples of the SFT set <paramref name="name"/>.</summary>
    public IReadOnlyList<Example> Dataset(string name)
        => Datasets.TryGetValue(name, out var records)
            ? [.. records.Select(r => new Example(r.Prompt, r.Response))]
            : throw LabException.UnknownDataset(name, DatasetNames);

    /// <summary>Loads a world written by <see cref="WorldBuilder"/>, or null when the folder holds none.</summary>
    public static LabWorld? Load(string folder, LabPreset preset, int seed)
    {
        var data = DataFolder(folder);
        var reportFile = Path.Combine(data, "world.json");
        if (!File.Exists(reportFile))
        {
            return null;
        }

        var report = JsonSerializer.Deserialize<DataReport>(File.ReadAllText(reportFile), ConfigOverrides.Json)!;
        if (report.Seed != seed || report.Preset != preset.Name)
        {
            throw LabException.WorldMismatch(folder, $"--seed {report.Seed} --preset {report.Preset}", $"--seed {seed} --preset {preset.Name}");
        }

        Checkpoints.RequireModel(BaseFolder(folder), preset.Model, $"The base model in {BaseFolder(folder)}");

        var benchmarks = World.Benchmarks.Specifications.Select(s => ReadBenchmark(data, s.Name, s.Mirrors, s.Shape, s.Samples)).ToList();
        var validation = WorldFiles.Read(Path.Combine(data, "validation.jsonl")).Select(r => new Example(r.Prompt, r.Response)).ToList();
        var datasets = DatasetNames.ToDictionary(n => n, n => (IReadOnlyList<WorldRecord>)WorldFiles.Read(Path.Combine(data, "sft", n + ".jsonl")));
        return new LabWorld(folder, benchmarks, validation, datasets, report with { Model = preset.Model }); // worlds written before the model was recorded lack it
    }

    private static Benchmark ReadBenchmark(string data, string name, string mirrors, ProblemShape shape, int samples)
    {
        var path = Path.Combine(data, "benchmarks", name + ".jsonl");
        return new Benchmark(name, mirrors, shape, [.. WorldFiles.Read(path).Select(r => WorldFiles.ToProblem(r, path))], samples);
    }
}
