namespace Headroom.Ingest;

/// <summary>
/// All values of one key of one run, sorted by step; where a step was logged twice (resumed runs,
/// duplicated lines) the last value written wins.
/// </summary>
/// <param name="Key">The key exactly as the trainer wrote it (e.g. `eval/loss`, `val-core/gsm8k/acc/mean@1`).</param>
/// <param name="Canonical">The canonical name (e.g. `sft_val_loss`) or null when no mapping applies.</param>
/// <param name="Points">The values, sorted by step, one per step.</param>
/// <param name="Benchmark">
/// For per-benchmark canonical names (`rl_val_score`, `sft_val_loss` of one of several eval sets,
/// `benchmark_score`): the benchmark or data source the key names (e.g. `openai/gsm8k`), else null.
/// </param>
/// <param name="Scale">
/// The unit fix already applied to <see cref="Points"/>: each value is the logged value times this factor
/// (1 for almost every key; 1e-3 for verl's `train/lr(1e-3)`, 1e9 for `train/total_tokens(B)`, 0.01 for
/// accuracies logged in percent). Values are therefore always in the canonical unit.
/// </param>
public sealed record MetricSeries(
    string Key,
    string? Canonical,
    IReadOnlyList<MetricPoint> Points,
    string? Benchmark = null,
    double Scale = 1.0)
{
    /// <summary>Number of values.</summary>
    public int Count => Points.Count;
}
