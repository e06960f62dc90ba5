namespace Headroom.Lab;

/// <summary>What `lab eval` reports for one checkpoint.</summary>
/// <param name="Checkpoint">The evaluated folder.</param>
/// <param name="Seed">Sampling seed.</param>
/// <param name="Threads">Threads.</param>
/// <param name="EvalLoss">Validation loss.</param>
/// <param name="Scores">Per benchmark.</param>
/// <param name="Headline">Problem-count-weighted score (framework.md §7) and its standard error.</param>
/// <param name="Written">The eval_results.json written (with --out), or null.</param>
public sealed record EvaluationReport(string Checkpoint, int Seed, int Threads, double EvalLoss, IReadOnlyList<BenchmarkResult> Scores, HeadlineScore Headline, string? Written);
