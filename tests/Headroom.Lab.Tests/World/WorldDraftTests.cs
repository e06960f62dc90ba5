using Headroom.Lab.Training;
using Headroom.Lab.World;

namespace Headroom.Lab.Tests.World;

public sealed class WorldDraftTests
{
    private static WorldSizes Sizes => LabPreset.Small.World with { PretrainExamples = 20000, Large = 6400, Candidates = 8000 };

    [Fact]
    public void No_benchmark_problem_appears_in_any_training_or_validation_set()
    {
        // Given the small preset's world
        var draft = WorldDraft.Create(seed: 3, Sizes);
        var benchmarkPrompts = draft.Benchmarks.SelectMany(b => b.Problems).Select(p => p.Prompt).ToHashSet();

        // When every training and validation prompt is checked against the benchmarks
        var training = draft.Large.Concat(draft.Candidates).Select(p => p.Prompt).Concat(draft.PretrainCorpus.Select(e => e.Prompt)).ToList();
        var validation = draft.Validation.Select(p => p.Prompt).ToHashSet();

        // Then nothing overlaps, although two-step problems (6,760 possible) are drawn by the thousand
        Assert.DoesNotContain(training, benchmarkPrompts.Contains);
        Assert.DoesNotContain(validation, benchmarkPrompts.Contains);
        Assert.DoesNotContain(training, validation.Contains);
        Assert.Equal(training.Count, training.Distinct().Count());
        Assert.True(training.Count(p => Problem.Parse(p)!.Steps == 2) > 3000);
    }

    [Fact]
    public void Benchmarks_have_the_paper_proportions_and_their_own_step_ranges()
    {
        // Given / When the full-scale benchmarks
        var benchmarks = Benchmarks.Create(seed: 1, scale: 1.0);

        // Then GSM8K/OlympiadBench/Minerva/MATH counts are the paper's divided by 5, AIME kept at 10 with Avg@16
        Assert.Equal([264, 58, 52, 48, 10, 10], benchmarks.Select(b => b.Problems.Count));
        Assert.Equal([1, 1, 1, 1, 16, 16], benchmarks.Select(b => b.SamplesPerProblem));
        foreach (var benchmark in benchmarks)
        {
            Assert.All(benchmark.Problems, p => Assert.InRange(p.Steps, benchmark.Shape.MinSteps, benchmark.Shape.MaxSteps));
        }

        Assert.True(benchmarks.Single(b => b.Name == "aime_b").Problems.Average(p => p.Steps) > benchmarks.Single(b => b.Name == "arith").Problems.Average(p => p.Steps) + 4);
    }

    [Fact]
    public void The_pretraining_corpus_mixes_direct_answers_and_noisy_trajectories_in_the_configured_shares()
    {
        // Given 20000 corpus examples with the preset's direct-answer share and per-step slip rate
        var draft = WorldDraft.Create(seed: 5, Sizes);
        var corpus = draft.PretrainCorpus.Select(e => (Problem: Problem.Parse(e.Prompt)!, e.Response)).ToList();

        // When they are classified
        var direct = corpus.Count(c => !c.Response.Contains(';', StringComparison.Ordinal));
        var stepwise = corpus.Where(c => c.Response.Contains(';', StringComparison.Ordinal)).ToList();
        var exact = stepwise.Count(c => Verifier.IsExactTrajectory(c.Problem, c.Response));

        // Then the direct share is as configured, and a noisy trajectory is exact exactly when no step slipped
        // (a slip always changes the step), i.e. with probability (1 - rate)^steps
        Precision.AssertWithin(Sizes.DirectShare, direct / (double)corpus.Count, 0.01, "direct share");
        var expectedExact = stepwise.Average(c => Math.Pow(1 - Sizes.BugRate, c.Problem.Steps));
        Precision.AssertWithin(expectedExact, exact / (double)stepwise.Count, 0.015, "exact share");
        Assert.All(corpus.Where(c => c.Response.StartsWith('#')), c => Assert.True(Verifier.IsCorrect(c.Problem, c.Response)));
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
