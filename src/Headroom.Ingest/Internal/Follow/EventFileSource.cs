namespace Headroom.Ingest;

/// <summary>
/// A TensorBoard event file that grows by appending records: each poll reads the records written since the last
/// one, with both CRCs checked; a record the writer has not finished is left for the next poll. A file that was
/// rewritten or truncated is read again from its start.
/// </summary>
internal sealed class EventFileSource(string path, string format) : IFollowedSource
{
    private readonly FileHead _head = new();
    private EventDecoder _decoder = new();
    private long _consumed;

    public string Path { get; } = path;

    public RunLog? Poll(FollowPoll poll)
    {
        using var stream = EventFileScanner.OpenStream(Path);
        if (!_head.StillMatches(stream, _consumed))
        {
            poll.Notes.Add($"{Path} was rewritten (now {stream.Length:N0} bytes); it is read again from its start.");
            _head.Forget();
            _decoder = new EventDecoder();
            _consumed = 0;
        }

        _head.Remember(stream);
        if (stream.Length == _consumed)
        {
            return null;
        }

        var start = _consumed;
        stream.Seek(0, SeekOrigin.Begin);
        using var frames = new TfRecordReader(stream, poll.Options.BufferSize, ownsStream: false);
        frames.SkipTo(start);
        var run = RunBuilder.Kept(format, Path, System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))) ?? Path, poll.Options);
        var values = new List<DecodedValue>();
        while (ReadRecord(frames, run, values))
        {
        }

        poll.BytesRead += _consumed - start;
        return run.HasValues || !run.Skipped.IsEmpty ? run.Build() : null;
    }

    // One frame: false once the file ends (or ends inside a record the writer is still writing).
    private bool ReadRecord(TfRecordReader frames, RunBuilder run, List<DecodedValue> values)
    {
        var status = frames.Next(out var data);
        switch (status)
        {
            case FrameStatus.Record:
                Decode(data, frames.RecordOffset, run, values);
                break;
            case FrameStatus.Truncated:
                _consumed = frames.RecordOffset;
                return false;
            case FrameStatus.EndOfFile:
                _consumed = frames.Position;
                return false;
            case FrameStatus.LengthCorrupted:
                run.Skip("TFRecord length CRC mismatch", RunBuilder.AtByte(Path, frames.Position));
                frames.Resynchronize();
                break;
            case FrameStatus.DataCorrupted:
                run.Skip("TFRecord data CRC mismatch", RunBuilder.AtByte(Path, frames.RecordOffset));
                break;
            case FrameStatus.Oversized:
                run.Skip("record too large to be a scalar event", RunBuilder.AtByte(Path, frames.RecordOffset));
                break;
        }

        _consumed = frames.Position;
        return true;
    }

    private void Decode(ReadOnlySpan<byte> data, long offset, RunBuilder run, List<DecodedValue> values)
    {
        values.Clear();
        try
        {
            _decoder.Decode(data, out var wallTime, out var step, values);
            foreach (var value in values)
            {
                if (value.SkipReason is null)
                {
                    run.Add(_decoder.Tags.NameOf(value.TagId), step, value.Value, wallTime);
                }
                else
                {
                    run.Skip(value.SkipReason);
                }
            }
        }
        catch (MalformedProtobufException)
        {
            run.Skip("undecodable event", RunBuilder.AtByte(Path, offset));
        }
    }
}
