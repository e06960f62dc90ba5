using Headroom.Lab.World;

namespace Headroom.Lab.Evaluation;

/// <summary>
/// One benchmark's result: accuracy is the mean of the per-sample verdicts, i.e. pass@1 with one sample
/// per problem and Avg@k with k. Its standard error is taken over problems: the sample sd of the
/// per-problem means divided by √problems, which counts both the problem draw and the sampling noise.
/// </summary>
internal sealed record BenchmarkScore(string Name, int Problems, int SamplesPerProblem, int Correct, double Accuracy, double Se)
{
    /// <summary>The score of per-problem correct counts out of <paramref name="samples"/> each; NaN accuracy without problems, NaN SE below 2.</summary>
    public static BenchmarkScore Of(string name, IReadOnlyList<int> correctPerProblem, int samples)
    {
        var means = correctPerProblem.Select(c => (double)c / samples).ToList();
        var accuracy = means.Count == 0 ? double.NaN : means.Average();
        var se = means.Count < 2 ? double.NaN : Math.Sqrt(means.Sum(m => (m - accuracy) * (m - accuracy)) / (means.Count - 1) / means.Count);
        return new BenchmarkScore(name, means.Count, samples, correctPerProblem.Sum(), accuracy, se);
    }
}

/// <summary>Scores of every benchmark and the problem-count-weighted headline (framework.md §7).</summary>
internal sealed record EvaluationScores(IReadOnlyList<BenchmarkScore> Benchmarks)
{
    /// <summary>Σ problems_b · accuracy_b / Σ problems_b; NaN when there are no problems.</summary>
    public double Headline => Benchmarks.Sum(b => b.Problems * b.Accuracy) / Benchmarks.Sum(b => (double)b.Problems);

    /// <summary>√(Σ (problems_b / N)² SE_b²): the benchmarks are independent samples.</summary>
    public double HeadlineSe
    {
        get
        {
            double total = Benchmarks.Sum(b => (double)b.Problems);
            return Math.Sqrt(Benchmarks.Where(b => b.Problems > 0).Sum(b => Math.Pow(b.Problems / total * b.Se, 2)));
        }
    }

    /// <summary>The public results, named after the benchmarks they score.</summary>
    public IReadOnlyList<BenchmarkResult> Results(IReadOnlyList<Benchmark> benchmarks)
        => [.. Benchmarks.Select((b, i) => new BenchmarkResult(b.Name, benchmarks[i].Mirrors, b.Problems, b.SamplesPerProblem, b.Accuracy, b.Se))];

    /// <summary>The headline and its standard error.</summary>
    public HeadlineScore HeadlineScore => new(Headline, HeadlineSe);
}
