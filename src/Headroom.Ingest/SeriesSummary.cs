namespace Headroom.Ingest;

/// <summary>
/// What one series holds, kept as running totals while its log is read (never its points): the number of values
/// (one per step, the last written winning, as in <see cref="MetricSeries"/>), the first and last step, the range of
/// the finite values and how many are NaN or infinite. Values are in the canonical unit (<see cref="Scale"/> applied).
/// </summary>
/// <param name="Key">The key exactly as the trainer wrote it.</param>
/// <param name="Canonical">The canonical name, or null.</param>
/// <param name="Benchmark">The benchmark of a per-benchmark canonical name, or null.</param>
/// <param name="Count">Values, one per step.</param>
/// <param name="FirstStep">The first step, or null when there is no value.</param>
/// <param name="LastStep">The last step, or null when there is no value.</param>
/// <param name="Min">The smallest finite value, or null when there is none.</param>
/// <param name="Max">The largest finite value, or null when there is none.</param>
/// <param name="NonFinite">Values that are NaN or infinite.</param>
/// <param name="Scale">The unit fix applied (see <see cref="MetricSeries.Scale"/>).</param>
public sealed record SeriesSummary(
    string Key,
    string? Canonical,
    string? Benchmark,
    long Count,
    long? FirstStep,
    long? LastStep,
    double? Min,
    double? Max,
    long NonFinite,
    double Scale = 1.0)
{
    /// <summary>The summary of a series read whole.</summary>
    public static SeriesSummary Of(MetricSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var totals = new RunningSeries();
        foreach (var point in series.Points)
        {
            totals.Add(point.Step, point.Value);
        }

        return totals.Summary(series.Key, series.Canonical, series.Benchmark, 1.0) with { Scale = series.Scale };
    }
}
