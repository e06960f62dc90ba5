namespace Headroom.Ingest;

/// <summary>
/// How to read a generic CSV, JSONL or Parquet table: which column holds the step, and either a wide layout
/// (every other numeric column is a metric) or a long layout (one key column and one value column).
/// </summary>
/// <param name="Step">The column holding the step (required; integral numbers).</param>
/// <param name="WallTime">The column holding the wall time (seconds, or an ISO-8601 date and time), or null.</param>
/// <param name="Run">A column whose distinct values split the table into several runs, or null for one run.</param>
/// <param name="Key">In a long layout, the column holding the metric name; null for a wide layout.</param>
/// <param name="Value">In a long layout, the column holding the value; null for a wide layout.</param>
public sealed record TableColumns(
    string Step,
    string? WallTime = null,
    string? Run = null,
    string? Key = null,
    string? Value = null);
