namespace Headroom.Ingest;

/// <summary>One logged value of one metric.</summary>
/// <param name="Step">The trainer's step (global step, or the format's own x-axis).</param>
/// <param name="Value">The value in the canonical unit (see <see cref="MetricSeries.Scale"/>); NaN where the trainer logged NaN or null.</param>
/// <param name="WallTime">
/// Seconds since the Unix epoch when the format records a clock time, or seconds since the run started when
/// the format records only elapsed time (LLaMA-Factory's `elapsed_time`; the run's metadata then holds
/// `wall_time_origin = run_start`); null when the format records neither.
/// </param>
public readonly record struct MetricPoint(long Step, double Value, double? WallTime = null);
