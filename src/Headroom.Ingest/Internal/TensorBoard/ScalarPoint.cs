namespace Headroom.Ingest;

/// <summary>One scalar found in an event file, with its tag as an id in the run's <see cref="TagTable"/>.</summary>
internal readonly record struct ScalarPoint(int TagId, long Step, double Value, double? WallTime);
