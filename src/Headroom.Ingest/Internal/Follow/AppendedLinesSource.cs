namespace Headroom.Ingest;

/// <summary>
/// A JSON-lines log that grows by appending (LLaMA-Factory's `trainer_log.jsonl`, ms-swift's `logging.jsonl`, verl's
/// file logger): each poll reads only the complete lines appended since the last one; a last line without its line
/// break is left for the next poll. A file that was rewritten or truncated is read again from its start.
/// </summary>
internal sealed class AppendedLinesSource(string path, ILogReader reader) : IFollowedSource
{
    private readonly FileHead _head = new();
    private long _consumed;
    private long _lines;

    public string Path { get; } = path;

    public RunLog? Poll(FollowPoll poll)
    {
        LineWindow window;
        using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1))
        {
            if (!_head.StillMatches(stream, _consumed))
            {
                poll.Notes.Add($"{Path} was rewritten (now {stream.Length:N0} bytes); it is read again from its start.");
                _head.Forget();
                _consumed = _lines = 0;
            }

            var (end, lines) = CompleteLinesEnd(stream, poll);
            _head.Remember(stream);
            if (end <= _consumed)
            {
                return null;
            }

            window = new LineWindow(_consumed, end, _lines);
            _lines += lines;
        }

        _consumed = window.End;
        poll.BytesRead += window.End - window.Start;
        try
        {
            return reader.Read(Path, poll.Options with { Window = window }).SingleOrDefault();
        }
        catch (IngestException exception)
        {
            // Complete lines that hold nothing readable will not get better: note them and move on.
            poll.Notes.Add(exception.Message);
            return null;
        }
    }

    // The offset just past the last line break and the line breaks before it, reading only the bytes appended
    // since the last poll.
    private (long End, long Lines) CompleteLinesEnd(FileStream stream, FollowPoll poll)
    {
        var appended = stream.Length - _consumed;
        if (appended <= 0)
        {
            return (_consumed, 0);
        }

        var buffer = new byte[(int)Math.Min(appended, 1 << 20)];
        var end = _consumed;
        var newlines = 0L;
        stream.Seek(_consumed, SeekOrigin.Begin);
        for (var position = _consumed; position < stream.Length;)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, stream.Length - position));
            if (read == 0)
            {
                break;
            }

            poll.BytesRead += read;
            var span = buffer.AsSpan(0, read);
            var last = span.LastIndexOf((byte)'\n');
            if (last >= 0)
            {
                end = position + last + 1;
                newlines += span.Count((byte)'\n');
            }

            position += read;
        }

        return (end, newlines);
    }
}
