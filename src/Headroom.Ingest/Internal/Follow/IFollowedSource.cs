namespace Headroom.Ingest;

/// <summary>One file of a live run that <see cref="LogFollower"/> follows.</summary>
internal interface IFollowedSource
{
    string Path { get; }

    /// <summary>The points written since the last call (a run holding only them), or null when nothing new is complete.</summary>
    RunLog? Poll(FollowPoll poll);
}
