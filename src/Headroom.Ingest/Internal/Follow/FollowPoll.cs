namespace Headroom.Ingest;

/// <summary>What one <see cref="LogFollower.Poll"/> gathers from its sources: notes for the user and the bytes read.</summary>
internal sealed class FollowPoll(ReaderOptions options)
{
    public ReaderOptions Options { get; } = options;

    public List<string> Notes { get; } = [];

    public long BytesRead { get; set; }
}
