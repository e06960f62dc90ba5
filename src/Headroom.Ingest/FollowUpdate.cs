namespace Headroom.Ingest;

/// <summary>What one <see cref="LogFollower.Poll"/> found.</summary>
/// <param name="Runs">One run per file that gave something new, holding only the new points (canonical names resolved).</param>
/// <param name="Notes">What the user should know: a file rewritten and read again, a checkpoint state incomplete or damaged, a log not followed.</param>
/// <param name="BytesRead">The bytes this poll read (the new data, not the size of the logs).</param>
public sealed record FollowUpdate(IReadOnlyList<RunLog> Runs, IReadOnlyList<string> Notes, long BytesRead);
