using Headroom.Lab.Model;
using Headroom.Lab.Rl;
using Headroom.Lab.Tests.Training;
using Headroom.Lab.Training;
using Headroom.Lab.World;

namespace Headroom.Lab.Tests.Rl;

/// <summary>
/// A task an RL test can learn in seconds: zero-step problems "NN?" whose answer is NN. The starting model
/// is fine-tuned on a corpus that answers right half the time and NN+1 otherwise (a systematic slip),
/// so its rollouts pass about half the time and GRPO has a signal to sharpen.
/// </summary>
internal static class TinyRl
{
    private static readonly Lazy<string> _start = new(Pretrain);

    public static LlamaConfig Model => new(Layers: 1, Hidden: 32, Heads: 2, FeedForward: 64, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 16);

    /// <summary>The 100 problems of the task.</summary>
    public static IReadOnlyList<Problem> Problems { get; } = [.. Enumerable.Range(0, Problem.Modulus).Select(n => new Problem(n, []))];

    /// <summary>The starting model's folder (built once per test run).</summary>
    public static string Start => _start.Value;

    public static RlConfig Config => new()
    {
        MaxSteps = 6,
        PromptsPerStep = 8,
        Group = 8,
        EvalInterval = 3,
        LearningRate = 3e-3,
        MaxNewTokens = 6,
        SampleBatchSize = 128,
    };

    public static RlRun Create(string folder, RlConfig? config = null, RlAlgorithm algorithm = RlAlgorithm.Grpo)
    {
        var benchmark = new Benchmark("copy", "none", new ProblemShape(0, 0, 0, 0), [.. Problems.Take(20)], 2);
        return new RlRun(folder, Model, (config ?? Config).For(algorithm), algorithm, Problems, [benchmark], Seed: 3, Threads: 1, From: Start, World: folder);
    }

    private static string Pretrain()
    {
        var folder = TinyRuns.NewFolder();
        var random = new SplitMix64(17);
        var corpus = Enumerable.Range(0, 400).Select(i => Problems[i % Problem.Modulus])
            .Select(p => new Example(p.Prompt, random.NextDouble() < 0.5 ? Trajectories.Direct(p) : $"#{Problem.Value((p.Answer + 1) % Problem.Modulus)}$")).ToList();
        var config = new TrainConfig { MaxSteps = 300, BatchSize = 32, LearningRate = 1e-2, MinLearningRate = 1e-3, WarmupSteps = 10, EvalInterval = 300, LogInterval = 20, ScoreBenchmarks = false };
        SftTrainer.Run(new TrainingRun(folder, Model, config, corpus, corpus.Take(32).ToList(), [], Seed: 5, Threads: 1, InitialModel: null, Stage: "rl-start"));
        return folder;
    }
}
