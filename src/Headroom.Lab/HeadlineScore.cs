namespace Headroom.Lab;

/// <summary>The problem-count-weighted headline (framework.md §7) and its standard error √(Σ (n_b/N)² SE_b²).</summary>
/// <param name="Score">Σ n_b accuracy_b / N.</param>
/// <param name="Se">Standard error of the score.</param>
public sealed record HeadlineScore(double Score, double Se);
