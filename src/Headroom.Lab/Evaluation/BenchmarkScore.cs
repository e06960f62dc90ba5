namespace Headroom.Lab.Evaluation;

/// <summary>
/// One benchmark's result: accuracy is the mean of the per-sample verdicts, i.e. pass@1 with one sample
/// per problem and Avg@k with k.
/// </summary>
internal sealed record BenchmarkScore(string Name, int Problems, int SamplesPerProblem, int Correct, double Accuracy);

/// <summary>Scores of every benchmark and the problem-count-weighted headline (framework.md §7).</summary>
internal sealed record EvaluationScores(IReadOnlyList<BenchmarkScore> Benchmarks)
{
    /// <summary>Σ problems_b · accuracy_b / Σ problems_b; NaN when there are no problems.</summary>
    public double Headline => Benchmarks.Sum(b => b.Problems * b.Accuracy) / Benchmarks.Sum(b => (double)b.Problems);
}
