namespace Headroom.Ingest;

/// <summary>One scalar found in an event file, with its tag as an id in the run's <see cref="TagTable"/>.</summary>
/// <param name="TagId">The tag's id in the run's (or, inside a chunk worker, the chunk's) tag table.</param>
/// <param name="Step">The event's step.</param>
/// <param name="Value">The scalar.</param>
/// <param name="RawWallTime">The event's wall_time as written; proto3 leaves an unset one at 0.</param>
internal readonly record struct ScalarPoint(int TagId, long Step, double Value, double RawWallTime)
{
    /// <summary>The wall time, or null when it is unset (not positive).</summary>
    public double? WallTime => RawWallTime > 0 ? RawWallTime : null;
}
