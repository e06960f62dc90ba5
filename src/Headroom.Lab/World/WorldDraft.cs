using Headroom.Lab.Training;

namespace Headroom.Lab.World;

/// <summary>
/// Everything of the world that needs no model, drawn from the world seed: the six benchmarks, the
/// validation problems, the large SFT pool, the candidates for difficulty labelling, the RL prompt pool
/// and the base model's pretraining corpus (with its held-out part). Decontamination holds by
/// construction: every set is drawn excluding every prompt already taken, benchmarks first, so no
/// training or validation problem appears in a benchmark and no SFT problem in the validation set.
/// </summary>
internal sealed record WorldDraft(
    IReadOnlyList<Benchmark> Benchmarks,
    IReadOnlyList<Problem> Validation,
    IReadOnlyList<Problem> Large,
    IReadOnlyList<Problem> Candidates,
    IReadOnlyList<Problem> RlPrompts,
    IReadOnlyList<Example> PretrainCorpus,
    IReadOnlyList<Example> PretrainValidation)
{
    /// <summary>
    /// The world's version: 5 = the base corpus holds unfamiliar multiplications with guessed results (the
    /// base model is uncertain about them by its data, not by its path); 4 = unfamiliar multipliers (knowledge the base model lacks) and expert steps
    /// written in either order; 3 had every operation in the base corpus, so SFT and RL both reached 100%;
    /// 2 dropped carries, so opposite slips cancelled; 1 was one digit modulo 10.
    /// </summary>
    public const int Version = 5;

    /// <summary>
    /// The training distribution: 2 to 12 steps, 30% multiplications, half of them by an unfamiliar
    /// multiplier (the benchmarks span the same range).
    /// </summary>
    public static ProblemShape TrainShape { get; } = new(2, 12, 0.3, 0.5);

    /// <summary>The base model's corpus: the training distribution (its unfamiliar steps' results guessed, see <see cref="Trajectories"/>).</summary>
    public static ProblemShape PretrainShape { get; } = TrainShape;

    public static WorldDraft Create(long seed, WorldSizes sizes)
    {
        var benchmarks = World.Benchmarks.Create(seed, sizes.BenchmarkScale);
        var taken = new HashSet<string>(benchmarks.SelectMany(b => b.Problems).Select(p => p.Prompt), StringComparer.Ordinal);
        var validation = World.Benchmarks.Draw(TrainShape, SplitMix64.For(seed, "validation"), sizes.Validation, taken);
        var large = World.Benchmarks.Draw(TrainShape, SplitMix64.For(seed, "large"), sizes.Large, taken);
        var candidates = World.Benchmarks.Draw(TrainShape, SplitMix64.For(seed, "candidates"), sizes.Candidates, taken);
        var rl = World.Benchmarks.Draw(TrainShape, SplitMix64.For(seed, "rl-prompts"), sizes.RlPrompts, taken);
        var pretrain = World.Benchmarks.Draw(PretrainShape, SplitMix64.For(seed, "pretrain"), sizes.PretrainExamples + sizes.PretrainValidation, taken);
        var noise = SplitMix64.For(seed, "pretrain-noise");
        var corpus = pretrain.Select(p => new Example(p.Prompt, noise.NextDouble() < sizes.DirectShare ? Trajectories.Direct(p, noise) : Trajectories.Noisy(p, noise, sizes.SlipRate))).ToList();
        return new WorldDraft(benchmarks, validation, large, candidates, rl, corpus[..sizes.PretrainExamples], corpus[sizes.PretrainExamples..]);
    }
}
