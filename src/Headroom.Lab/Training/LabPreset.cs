using Headroom.Lab.Model;

namespace Headroom.Lab.Training;

/// <summary>
/// The sizes of the world's data sets (SFT sets mirror the paper's: a small one like S1K, three of equal
/// size labelled Easy/Uniform/Hard like the 102K sets, a large one like SFT889K, and a Val-199-like
/// validation set).
/// </summary>
/// <param name="PretrainExamples">Base-model corpus: direct answers and noisy trajectories.</param>
/// <param name="DirectShare">Share of the corpus that is a direct answer ("#151$").</param>
/// <param name="BugRate">Chance that a noisy trajectory's step drops carries and borrows.</param>
/// <param name="Validation">Held-out expert trajectories for eval_loss.</param>
/// <param name="Small">The small SFT set (a prefix of the large one).</param>
/// <param name="Equal">Size of each of the Easy, Uniform and Hard sets.</param>
/// <param name="Large">The large SFT set.</param>
/// <param name="BenchmarkScale">Multiplies the benchmark problem counts (1 = 264/58/52/48/10/10).</param>
/// <param name="Candidates">Most candidate problems the difficulty labelling may draw.</param>
internal sealed record WorldSizes(int PretrainExamples, double DirectShare, double BugRate, int Validation, int Small, int Equal, int Large, double BenchmarkScale, int Candidates)
{
    /// <summary>Attempts of the reference model per problem (the paper's 4).</summary>
    public const int Attempts = 4;
}

/// <summary>A named configuration of the whole lab: model shape, world sizes, pretraining and SFT settings.</summary>
internal sealed record LabPreset(string Name, GptConfig Model, WorldSizes World, TrainConfig Pretrain, TrainConfig Sft)
{
    /// <summary>Seconds, for tests and `--preset tiny`: 26,112 parameters.</summary>
    public static LabPreset Tiny { get; } = new(
        "tiny",
        new GptConfig(Layers: 2, Hidden: 32, Heads: 4, FeedForward: 64, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 128),
        new WorldSizes(PretrainExamples: 2000, DirectShare: 0.1, BugRate: 0.2, Validation: 48, Small: 24, Equal: 48, Large: 192, BenchmarkScale: 0.08, Candidates: 400),
        new TrainConfig { MaxSteps = 120, BatchSize = 32, LearningRate = 3e-3, MinLearningRate = 3e-4, WarmupSteps = 10, EvalInterval = 60, LogInterval = 20, ScoreBenchmarks = false },
        new TrainConfig { MaxSteps = 40, BatchSize = 16, LearningRate = 1e-3, MinLearningRate = 1e-4, WarmupSteps = 5, EvalInterval = 20, LogInterval = 10 });

    /// <summary>Minutes: about 0.12M parameters, half the data of <see cref="Full"/>.</summary>
    public static LabPreset Small { get; } = new(
        "small",
        new GptConfig(Layers: 2, Hidden: 64, Heads: 4, FeedForward: 192, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 128),
        new WorldSizes(PretrainExamples: 20000, DirectShare: 0.1, BugRate: 0.2, Validation: 199, Small: 60, Equal: 200, Large: 2400, BenchmarkScale: 0.5, Candidates: 8000),
        new TrainConfig { MaxSteps = 1000, BatchSize = 32, LearningRate = 3e-3, MinLearningRate = 3e-4, WarmupSteps = 50, EvalInterval = 250, LogInterval = 25, ScoreBenchmarks = false },
        new TrainConfig { MaxSteps = 300, BatchSize = 32, LearningRate = 1e-3, MinLearningRate = 1e-4, WarmupSteps = 15, EvalInterval = 30, LogInterval = 10 });

    /// <summary>The size docs/lab-results.md reports (tens of minutes per stage on 2 cores): about 0.35M parameters.</summary>
    public static LabPreset Full { get; } = new(
        "full",
        new GptConfig(Layers: 3, Hidden: 96, Heads: 4, FeedForward: 256, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 128),
        new WorldSizes(PretrainExamples: 40000, DirectShare: 0.1, BugRate: 0.2, Validation: 199, Small: 100, Equal: 400, Large: 6400, BenchmarkScale: 0.5, Candidates: 16000),
        new TrainConfig { MaxSteps = 1500, BatchSize = 32, LearningRate = 3e-3, MinLearningRate = 3e-4, WarmupSteps = 50, EvalInterval = 250, LogInterval = 25, ScoreBenchmarks = false },
        new TrainConfig { MaxSteps = 400, BatchSize = 32, LearningRate = 3e-4, MinLearningRate = 3e-5, WarmupSteps = 20, EvalInterval = 20, LogInterval = 10 });

    /// <summary>The preset called <paramref name="name"/> (tiny, small, full).</summary>
    public static LabPreset Named(string name) => name.ToLowerInvariant() switch
    {
        "tiny" => Tiny,
        "small" => Small,
        "full" => Full,
        _ => throw LabException.UnknownPreset(name),
    };
}
