using Headroom.Lab.Model;
using Headroom.Lab.Rl;

namespace Headroom.Lab.Training;

/// <summary>
/// The sizes of the world's data sets (SFT sets mirror the paper's: a small one like S1K, three of equal
/// size labelled Easy/Uniform/Hard like the 102K sets, a large one like SFT889K, and a Val-199-like
/// validation set).
/// </summary>
/// <param name="PretrainExamples">Base-model corpus: direct answers and noisy trajectories.</param>
/// <param name="PretrainValidation">Held-out corpus examples whose loss the pretraining stopping rule watches.</param>
/// <param name="DirectShare">Share of the corpus that is a direct answer ("#30$").</param>
/// <param name="SlipRate">Chance that a noisy trajectory's carrying step comes out with its digits transposed.</param>
/// <param name="Validation">Held-out expert trajectories for eval_loss.</param>
/// <param name="Small">The small SFT set (a prefix of the large one).</param>
/// <param name="Equal">Size of each of the Easy, Uniform and Hard sets.</param>
/// <param name="Large">The large SFT set.</param>
/// <param name="BenchmarkScale">Multiplies the benchmark problem counts (1 = the paper's 1317/291/262/237/25/25).</param>
/// <param name="Candidates">Most candidate problems the difficulty labelling may draw.</param>
/// <param name="RlPrompts">Prompts of the RL training pool (drawn like the candidates, disjoint from everything else).</param>
internal sealed record WorldSizes(
    int PretrainExamples, int PretrainValidation, double DirectShare, double SlipRate, int Validation, int Small, int Equal, int Large, double BenchmarkScale, int Candidates, int RlPrompts)
{
    /// <summary>Attempts of the reference model per problem (the paper's 4).</summary>
    public const int Attempts = 4;
}

/// <summary>A named configuration of the whole lab: model shape, world sizes, pretraining, SFT and RL settings.</summary>
internal sealed record LabPreset(string Name, LlamaConfig Model, WorldSizes World, TrainConfig Pretrain, TrainConfig Sft, RlConfig Rl)
{
    /// <summary>Seconds, for tests and `--preset tiny`: 21,856 parameters.</summary>
    public static LabPreset Tiny { get; } = new(
        "tiny",
        new LlamaConfig(Layers: 2, Hidden: 32, Heads: 4, FeedForward: 64, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 160),
        new WorldSizes(PretrainExamples: 2000, PretrainValidation: 64, DirectShare: 0.1, SlipRate: 0.5, Validation: 48, Small: 24, Equal: 48, Large: 192, BenchmarkScale: 0.04, Candidates: 600, RlPrompts: 256),
        new TrainConfig { MaxSteps = 120, BatchSize = 32, LearningRate = 3e-3, MinLearningRate = 3e-4, WarmupSteps = 10, EvalInterval = 40, LogInterval = 20, ScoreBenchmarks = false, PlateauPatience = 2 },
        new TrainConfig { MaxSteps = 40, BatchSize = 16, LearningRate = 1e-3, MinLearningRate = 1e-4, WarmupSteps = 5, EvalInterval = 20, LogInterval = 10 },
        new RlConfig { MaxSteps = 6, PromptsPerStep = 4, Group = 4, EvalInterval = 3, MaxNewTokens = 64 });

    /// <summary>
    /// Minutes per stage on 2 cores (the world in about 30, most of it pretraining): about 57K parameters; the preset the `quick` study
    /// and docs/lab-results.md use. Pretraining is a fixed 10,000 steps with the learning rate cosine-decayed
    /// from 3e-3 to 3e-5, long enough that the held-out corpus loss is flat at its end (world version 5, seed 1:
    /// its last 1,000 steps lower it by 0.13–0.15%, and AVX2 and portable kernels end 0.3% apart). A stopping
    /// rule that fires on a noisy loss stops two machines at different steps (2,750 against 5,000 measured) and
    /// so gives them different base models; a budget that reaches the plateau does not. 16,000 candidates, so that easy fills its
    /// 400 (about 4% of candidates are solved 4 times out of 4). SFT at batch 64 and learning rate 5e-4: the
    /// seed-to-seed spread of its minimum validation loss is 0.6–2.6% there against 1–5% at batch 32 and 1e-3
    /// (world version 4, docs/lab-results.md). Benchmarks at 0.9× the paper's counts (N = 1,940: headline SE ≤ 0.01 at the
    /// scores the lab reaches).
    /// </summary>
    public static LabPreset Small { get; } = new(
        "small",
        new LlamaConfig(Layers: 2, Hidden: 48, Heads: 4, FeedForward: 128, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 160),
        new WorldSizes(PretrainExamples: 24000, PretrainValidation: 256, DirectShare: 0.1, SlipRate: 0.5, Validation: 199, Small: 100, Equal: 400, Large: 1600, BenchmarkScale: 0.9, Candidates: 16000, RlPrompts: 2048),
        new TrainConfig { MaxSteps = 10000, BatchSize = 32, LearningRate = 3e-3, MinLearningRate = 3e-5, WarmupSteps = 100, EvalInterval = 250, LogInterval = 50, ScoreBenchmarks = false },
        new TrainConfig { MaxSteps = 200, BatchSize = 64, LearningRate = 5e-4, MinLearningRate = 5e-5, WarmupSteps = 10, EvalInterval = 20, LogInterval = 10 },
        new RlConfig());

    /// <summary>Tens of minutes per stage on 2 cores: about 0.34M parameters; pretraining as small's (fixed length, cosine), not yet measured on world version 5.</summary>
    public static LabPreset Full { get; } = new(
        "full",
        new LlamaConfig(Layers: 3, Hidden: 96, Heads: 4, FeedForward: 256, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 160),
        new WorldSizes(PretrainExamples: 80000, PretrainValidation: 512, DirectShare: 0.1, SlipRate: 0.5, Validation: 199, Small: 100, Equal: 400, Large: 6400, BenchmarkScale: 1.2, Candidates: 30000, RlPrompts: 8192),
        new TrainConfig { MaxSteps = 10000, BatchSize = 32, LearningRate = 3e-3, MinLearningRate = 3e-5, WarmupSteps = 100, EvalInterval = 250, LogInterval = 50, ScoreBenchmarks = false },
        new TrainConfig { MaxSteps = 400, BatchSize = 32, LearningRate = 3e-4, MinLearningRate = 3e-5, WarmupSteps = 20, EvalInterval = 20, LogInterval = 10 },
        new RlConfig { MaxSteps = 200, EvalInterval = 20 });

    /// <summary>The preset called <paramref name="name"/> (tiny, small, full).</summary>
    public static LabPreset Named(string name) => name.ToLowerInvariant() switch
    {
        "tiny" => Tiny,
        "small" => Small,
        "full" => Full,
        _ => throw LabException.UnknownPreset(name),
    };
}
