using Headroom.Lab.Model;
using Headroom.Lab.Training;
using Headroom.Lab.World;

namespace Headroom.Lab.Tests.Training;

/// <summary>A seconds-long SFT run on expert trajectories of short chains, in a fresh temporary folder.</summary>
internal static class TinyRuns
{
    public static LlamaConfig Model => new(Layers: 1, Hidden: 32, Heads: 2, FeedForward: 64, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 64);

    public static TrainConfig Config => new()
    {
        MaxSteps = 40,
        BatchSize = 8,
        LearningRate = 1e-2,
        MinLearningRate = 1e-3,
        WarmupSteps = 4,
        EvalInterval = 20,
        LogInterval = 5,
        SampleBatchSize = 64,
    };

    public static TrainingRun Create(string folder, TrainConfig? config = null, int threads = 1, int seed = 11)
    {
        var shape = new ProblemShape(1, 3, 0.2, 0);
        var random = new SplitMix64(5);
        var train = Enumerable.Range(0, 64).Select(_ => shape.Draw(random)).Select(p => new Example(p.Prompt, Trajectories.Expert(p))).ToList();
        var validation = Enumerable.Range(0, 16).Select(_ => shape.Draw(random)).Select(p => new Example(p.Prompt, Trajectories.Expert(p))).ToList();
        var benchmark = new Benchmark("mini", "none", shape, [.. Enumerable.Range(0, 6).Select(_ => shape.Draw(random))], 2);
        return new TrainingRun(folder, Model, config ?? Config, train, validation, [benchmark], seed, threads, InitialModel: null, Stage: "test");
    }

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "headroom-lab-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
