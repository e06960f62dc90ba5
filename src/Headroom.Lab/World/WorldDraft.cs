using Headroom.Lab.Training;

namespace Headroom.Lab.World;

/// <summary>
/// Everything of the world that needs no model, drawn from the seed: the six benchmarks, the
/// validation problems, the large SFT pool, the candidates for difficulty labelling and the base
/// model's pretraining corpus. Decontamination holds by construction: every set is drawn excluding
/// every prompt already taken, benchmarks first, so no training or validation problem appears in a
/// benchmark and no SFT problem in the validation set.
/// </summary>
internal sealed record WorldDraft(
    IReadOnlyList<Benchmark> Benchmarks,
    IReadOnlyList<Problem> Validation,
    IReadOnlyList<Problem> Large,
    IReadOnlyList<Problem> Candidates,
    IReadOnlyList<Example> PretrainCorpus)
{
    /// <summary>
    /// The training distribution: 2 to 8 steps, 30% multiplications. One-step problems are left out: only
    /// 260 exist, so whichever set is drawn first would take them all and the others would never see one.
    /// </summary>
    public static ProblemShape TrainShape { get; } = new(2, 8, 0.3);

    public static WorldDraft Create(long seed, WorldSizes sizes)
    {
        var benchmarks = World.Benchmarks.Create(seed, sizes.BenchmarkScale);
        var taken = new HashSet<string>(benchmarks.SelectMany(b => b.Problems).Select(p => p.Prompt), StringComparer.Ordinal);
        var validation = World.Benchmarks.Draw(TrainShape, SplitMix64.For(seed, "validation"), sizes.Validation, taken);
        var large = World.Benchmarks.Draw(TrainShape, SplitMix64.For(seed, "large"), sizes.Large, taken);
        var candidates = World.Benchmarks.Draw(TrainShape, SplitMix64.For(seed, "candidates"), sizes.Candidates, taken);
        var pretrain = World.Benchmarks.Draw(TrainShape, SplitMix64.For(seed, "pretrain"), sizes.PretrainExamples, taken);
        var noise = SplitMix64.For(seed, "pretrain-noise");
        var corpus = pretrain.Select(p => new Example(p.Prompt, noise.NextDouble() < sizes.DirectShare ? Trajectories.Direct(p) : Trajectories.Noisy(p, noise, sizes.BugRate))).ToList();
        return new WorldDraft(benchmarks, validation, large, candidates, corpus);
    }
}
