using Headroom.Lab.Training;
using Headroom.Lab.World;

namespace Headroom.Lab.Tests.World;

public sealed class WorldDraftTests
{
    private static WorldSizes Sizes => LabPreset.Small.World with { PretrainExamples = 20000, Large = 3200, Candidates = 8000, RlPrompts = 2000 };

    [Fact]
    public void No_benchmark_problem_appears_in_any_training_validation_or_rl_set()
    {
        // Given the small preset's world
        var draft = WorldDraft.Create(seed: 3, Sizes);
        var benchmarkPrompts = draft.Benchmarks.SelectMany(b => b.Problems).Select(p => p.Prompt).ToHashSet();

        // When every training, RL and validation prompt is checked against the benchmarks
        var training = draft.Large.Concat(draft.Candidates).Concat(draft.RlPrompts).Select(p => p.Prompt)
            .Concat(draft.PretrainCorpus.Concat(draft.PretrainValidation).Select(e => e.Prompt)).ToList();
        var validation = draft.Validation.Select(p => p.Prompt).ToHashSet();

        // Then nothing overlaps, although two-step problems (100 starts × 21² operations = 44,100 possible) are drawn by the thousand
        Assert.DoesNotContain(training, benchmarkPrompts.Contains);
        Assert.DoesNotContain(validation, benchmarkPrompts.Contains);
        Assert.DoesNotContain(training, validation.Contains);
        Assert.Equal(training.Count, training.Distinct().Count());
        Assert.True(training.Count(p => Problem.Parse(p)!.Steps == 2) > 2500);
    }

    [Fact]
    public void Benchmarks_have_the_paper_counts_at_scale_one_and_distinct_step_ranges()
    {
        // Given / When the scale-1 benchmarks
        var benchmarks = Benchmarks.Create(seed: 1, scale: 1.0);

        // Then GSM8K/OlympiadBench/Minerva/MATH/AIME24/AIME25 have the paper's counts, AIME scored Avg@16
        Assert.Equal([1317, 291, 262, 237, 25, 25], benchmarks.Select(b => b.Problems.Count));
        Assert.Equal([1, 1, 1, 1, 16, 16], benchmarks.Select(b => b.SamplesPerProblem));
        foreach (var benchmark in benchmarks)
        {
            Assert.All(benchmark.Problems, p => Assert.InRange(p.Steps, benchmark.Shape.MinSteps, benchmark.Shape.MaxSteps));
        }

        Assert.Equal(6, benchmarks.Select(b => (b.Shape.MinSteps, b.Shape.MaxSteps)).Distinct().Count());
        Assert.True(benchmarks.Single(b => b.Name == "aime_b").Problems.Average(p => p.Steps) > benchmarks.Single(b => b.Name == "arith").Problems.Average(p => p.Steps) + 7);
    }

    [Fact]
    public void The_pretraining_corpus_mixes_direct_answers_and_noisy_trajectories_in_the_configured_shares()
    {
        // Given 20000 corpus examples with the preset's direct-answer share and per-carry slip rate
        var draft = WorldDraft.Create(seed: 5, Sizes);
        var corpus = draft.PretrainCorpus.Select(e => (Problem: Problem.Parse(e.Prompt)!, e.Response)).ToList();

        // When they are classified (a chain with an unfamiliar step has its result guessed: see the trajectory tests)
        var direct = corpus.Count(c => !c.Response.Contains(';', StringComparison.Ordinal));
        var familiar = corpus.Where(c => c.Problem.UnfamiliarSteps == 0).ToList();
        var stepwise = familiar.Where(c => c.Response.Contains(';', StringComparison.Ordinal)).ToList();
        var exact = stepwise.Count(c => Verifier.IsExactTrajectory(c.Problem, c.Response));
        var guessedDirect = corpus.Where(c => c.Problem.UnfamiliarSteps > 0 && !c.Response.Contains(';', StringComparison.Ordinal)).ToList();

        // Then the direct share is as configured; a noisy trajectory of a familiar chain is exact exactly when none
        // of the carrying steps of the exact chain slipped (a slip always changes its step): probability
        // (1 - rate)^carries; a familiar chain's direct answer is right, an unfamiliar one's a guess (~1 in 100 of
        // ~1,270: at most 4 %, a binomial tail of ~1e-9)
        Precision.AssertWithin(Sizes.DirectShare, direct / (double)corpus.Count, 0.01, "direct share");
        var expectedExact = stepwise.Average(c => Math.Pow(1 - Sizes.SlipRate, c.Problem.SlipSteps));
        Precision.AssertWithin(expectedExact, exact / (double)stepwise.Count, 0.015, "exact share");
        Assert.All(familiar.Where(c => c.Response.StartsWith('#')), c => Assert.True(Verifier.IsCorrect(c.Problem, c.Response)));
        Assert.InRange(guessedDirect.Count, 1100, 1450); // 10 % of 20,000, times P(an unfamiliar step in 2..12 steps) = 0.635
        Assert.InRange(guessedDirect.Average(c => Verifier.IsCorrect(c.Problem, c.Response) ? 1.0 : 0.0), 0.0, 0.04);
    }

    [Fact]
    public void The_same_seed_draws_the_same_world_and_another_seed_another()
    {
        // Given / When
        var a = WorldDraft.Create(seed: 9, LabPreset.Tiny.World);
        var b = WorldDraft.Create(seed: 9, LabPreset.Tiny.World);
        var c = WorldDraft.Create(seed: 10, LabPreset.Tiny.World);

        // Then
        Assert.Equal(a.PretrainCorpus, b.PretrainCorpus);
        Assert.Equal(a.Candidates.Select(p => p.Prompt), b.Candidates.Select(p => p.Prompt));
        Assert.NotEqual(a.Candidates.Select(p => p.Prompt), c.Candidates.Select(p => p.Prompt));
    }
}
