namespace Headroom.Ingest;

/// <summary>One logged value of one metric.</summary>
/// <param name="Step">The trainer's step (global step, or the format's own x-axis).</param>
/// <param name="Value">The value as logged; NaN where the trainer logged NaN or null.</param>
/// <param name="WallTime">Seconds since the Unix epoch when the format records it, else null.</param>
public readonly record struct MetricPoint(long Step, double Value, double? WallTime = null);
