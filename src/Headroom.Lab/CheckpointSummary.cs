namespace Headroom.Lab;

/// <summary>One evaluation of a run: a checkpoint-N folder (or step 0, the starting model).</summary>
/// <param name="Step">Global step.</param>
/// <param name="EvalLoss">Validation loss (NaN for RL, which does not compute one).</param>
/// <param name="Headline">Weighted benchmark score, NaN when benchmarks were not scored.</param>
/// <param name="HeadlineSe">Its standard error, NaN when not known.</param>
/// <param name="Scores">Accuracy per benchmark name.</param>
/// <param name="Flos">Training FLOPs up to this step (framework.md §6).</param>
public sealed record CheckpointSummary(int Step, double EvalLoss, double Headline, double HeadlineSe, IReadOnlyDictionary<string, double> Scores, double Flos);
