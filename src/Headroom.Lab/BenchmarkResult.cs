namespace Headroom.Lab;

/// <summary>A benchmark's accuracy (pass@1, or Avg@k when <paramref name="SamplesPerProblem"/> is k &gt; 1) and its standard error.</summary>
/// <param name="Name">The lab benchmark.</param>
/// <param name="Mirrors">The paper benchmark it stands for.</param>
/// <param name="Problems">Problems (its weight in the headline).</param>
/// <param name="SamplesPerProblem">Samples per problem.</param>
/// <param name="Accuracy">Mean verified samples; NaN without problems.</param>
/// <param name="Se">Standard error of <paramref name="Accuracy"/> over problems: sd of the per-problem means / √problems (sampling noise included); NaN below 2 problems.</param>
public sealed record BenchmarkResult(string Name, string Mirrors, int Problems, int SamplesPerProblem, double Accuracy, double Se);
