namespace Headroom.Ingest;

/// <summary>
/// All values of one key of one run, sorted by step; where a step was logged twice (resumed runs,
/// duplicated lines) the last value written wins.
/// </summary>
/// <param name="Key">The key exactly as the trainer wrote it (e.g. `eval/loss`, `val-core/gsm8k/acc/mean@1`).</param>
/// <param name="Canonical">The canonical name (e.g. `sft_val_loss`) or null when no mapping applies.</param>
/// <param name="Points">The values, sorted by step, one per step.</param>
public sealed record MetricSeries(string Key, string? Canonical, IReadOnlyList<MetricPoint> Points)
{
    /// <summary>Number of values.</summary>
    public int Count => Points.Count;
}
