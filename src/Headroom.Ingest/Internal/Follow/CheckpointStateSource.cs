namespace Headroom.Ingest;

/// <summary>
/// A `trainer_state.json` (at a run's root or in a `checkpoint-N/` folder). The Trainer writes each one whole, so it
/// is read once it parses; one that does not (caught mid-write, or damaged) is read again when it changes.
/// </summary>
internal sealed class CheckpointStateSource(string path) : IFollowedSource
{
    private (long Length, DateTime Written)? _seen;

    public string Path { get; } = path;

    public RunLog? Poll(FollowPoll poll)
    {
        var file = new FileInfo(Path);
        if (!file.Exists)
        {
            return null;
        }

        var mark = (file.Length, file.LastWriteTimeUtc);
        if (_seen == mark)
        {
            return null;
        }

        _seen = mark;
        poll.BytesRead += file.Length;
        try
        {
            return new TrainerStateReader().Read(Path, poll.Options with { BadRecords = BadRecordPolicy.Strict }).SingleOrDefault();
        }
        catch (IngestException exception)
        {
            poll.Notes.Add($"{Path} is incomplete or damaged ({exception.Message.TrimEnd('.')}); it is read again when it changes.");
            return null;
        }
    }
}
