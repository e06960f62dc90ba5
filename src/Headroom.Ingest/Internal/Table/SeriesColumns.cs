namespace Headroom.Ingest;

/// <summary>The text columns of the tidy table that every row of one series (a run's key) shares.</summary>
internal sealed record SeriesColumns(string Run, string Format, string Path, string Key, string? Canonical, string? Benchmark);
