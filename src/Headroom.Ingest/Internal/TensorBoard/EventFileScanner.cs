namespace Headroom.Ingest;

/// <summary>
/// Pulls the scalars of one event file, record by record, in bounded memory. What is not a scalar
/// is counted in the run's <see cref="SkipTally"/>. Bad records follow the policy: strict throws an
/// <see cref="IngestException"/> naming the file and byte offset; lenient counts the record and goes
/// on: after a data CRC mismatch at the next record (the length was sound), after a length CRC
/// mismatch at the next position whose length CRC matches (see <see cref="TfRecordReader.Resynchronize"/>).
/// A truncated last record is what a live writer leaves, so both policies count it and stop there.
/// </summary>
internal sealed class EventFileScanner : IDisposable
{
    internal const string TruncatedReason = "truncated final record (the file ends inside a record, as a run still being written leaves it)";
    internal const string LengthCrcReason = "record-length CRC mismatch (bytes stepped over up to the next sound record)";
    internal const string DataCrcReason = "record-data CRC mismatch (record skipped)";
    internal const string UndecodableReason = "record that does not decode as a TensorBoard Event";
    internal const string EmptyFileReason = "empty event file";
    internal const string OversizedReason = "record over 64 MiB (never a scalar event)";

    private readonly TfRecordReader _frames;
    private readonly EventDecoder _decoder;
    private readonly SkipTally _skipped;
    private readonly string _path;
    private readonly bool _strict;
    private readonly List<DecodedValue> _values = [];
    private int _next;
    private long _step;
    private double? _wallTime;
    private long _recordOffset;
    private bool _finished;
    private bool _sawWallTime;

    public EventFileScanner(string path, Stream stream, ReaderOptions options, EventDecoder decoder, SkipTally skipped, int maxBufferedRecord = TfRecordReader.DefaultMaxBufferedRecord)
    {
        _path = path;
        _decoder = decoder;
        _skipped = skipped;
        _strict = options.BadRecords == BadRecordPolicy.Strict;
        _frames = new TfRecordReader(stream, options.BufferSize, ownsStream: true, maxBufferedRecord);
    }

    /// <summary>The run's decoder (tags and plugins).</summary>
    public EventDecoder Decoder => _decoder;

    /// <summary>Records read whose CRCs matched.</summary>
    public long Records { get; private set; }

    /// <summary>Wall time of the first event that had one (the time the writer opened the file).</summary>
    public double? FirstWallTime { get; private set; }

    /// <summary>Opens an event file for sequential reading.</summary>
    public static EventFileScanner Open(string path, ReaderOptions options, EventDecoder decoder, SkipTally skipped)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
        return new EventFileScanner(path, stream, options, decoder, skipped);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the next scalars in file order; returns how many,
    /// 0 at the end of the file (or where reading stops).
    /// </summary>
    public int Read(Span<ScalarPoint> destination)
    {
        var written = 0;
        while (written < destination.Length)
        {
            if (_next < _values.Count)
            {
                var value = _values[_next++];
                if (value.SkipReason is null)
                {
                    destination[written++] = new ScalarPoint(value.TagId, _step, value.Value, _wallTime);
                }
                else
                {
                    _skipped.Add(value.SkipReason, _path, _recordOffset);
                }

                continue;
            }

            if (_finished)
            {
                break;
            }

            var status = _frames.Next(out var data);
            if (status == FrameStatus.Record
                && _decoder.TryDecodeSimpleScalar(data, out var wallTime, out _step, out var tagId, out var simple))
            {
                Records++;
                _wallTime = wallTime > 0 ? wallTime : null;
                if (!_sawWallTime)
                {
                    FirstWallTime = _wallTime;
                    _sawWallTime = _wallTime is not null;
                }

                destination[written++] = new ScalarPoint(tagId, _step, simple, _wallTime);
                continue;
            }

            _values.Clear();
            _next = 0;
            _finished = !Handle(status, data);
        }

        return written;
    }

    public void Dispose() => _frames.Dispose();

    private bool Handle(FrameStatus status, ReadOnlySpan<byte> data)
    {
        _recordOffset = _frames.RecordOffset;
        switch (status)
        {
            case FrameStatus.Record:
                Records++;
                Decode(data);
                return true;
            case FrameStatus.EndOfFile when _recordOffset == 0:
                if (_strict)
                {
                    throw IngestException.EmptyFile(_path);
                }

                _skipped.Add(EmptyFileReason, _path);
                return false;
            case FrameStatus.EndOfFile:
                return false;
            case FrameStatus.Truncated:
                _skipped.Add(TruncatedReason, _path, _recordOffset);
                return false;
            case FrameStatus.LengthCorrupted:
                if (_strict)
                {
                    throw IngestException.CrcMismatch(_path, _recordOffset, "record-length");
                }

                _frames.Resynchronize();
                _skipped.Add(LengthCrcReason, _path, _recordOffset);
                return true;
            case FrameStatus.DataCorrupted:
                if (_strict)
                {
                    throw IngestException.CrcMismatch(_path, _recordOffset, "record-data");
                }

                _skipped.Add(DataCrcReason, _path, _recordOffset);
                return true;
            default:
                _skipped.Add(OversizedReason, _path, _recordOffset);
                return true;
        }
    }

    private void Decode(ReadOnlySpan<byte> data)
    {
        EventKind kind;
        double wallTime;
        try
        {
            kind = _decoder.Decode(data, out wallTime, out _step, _values);
        }
        catch (MalformedProtobufException e)
        {
            _values.Clear();
            if (_strict)
            {
                throw IngestException.MalformedBinary(
                    _path, _recordOffset + TfRecordReader.HeaderSize + e.Position, $"the record does not decode as a TensorBoard Event ({e.Detail})");
            }

            _skipped.Add(UndecodableReason, _path, _recordOffset);
            return;
        }

        // proto3 leaves an unset wall_time at 0.
        _wallTime = wallTime > 0 ? wallTime : null;
        if (!_sawWallTime)
        {
            FirstWallTime = _wallTime;
            _sawWallTime = _wallTime is not null;
        }
        if (kind is not (EventKind.Summary or EventKind.FileVersion or EventKind.Empty))
        {
            _skipped.Add(NonScalarEventReason(kind), _path, _recordOffset);
        }
    }

    private static string NonScalarEventReason(EventKind kind) => kind switch
    {
        EventKind.GraphDef => "non-scalar event (graph_def)",
        EventKind.LogMessage => "non-scalar event (log_message)",
        EventKind.SessionLog => "non-scalar event (session_log)",
        EventKind.TaggedRunMetadata => "non-scalar event (tagged_run_metadata)",
        _ => "non-scalar event (meta_graph_def)",
    };
}
