using System.Runtime.ExceptionServices;

namespace Headroom.Ingest;

/// <summary>
/// Pulls the scalars of one event file, record by record, in bounded memory. What is not a scalar
/// is counted in the run's <see cref="SkipTally"/>. Bad records follow the policy: strict throws an
/// <see cref="IngestException"/> naming the file and byte offset; lenient counts the record and goes
/// on: after a data CRC mismatch at the next record (the length was sound), after a length CRC
/// mismatch at the next position whose length CRC matches (see <see cref="TfRecordReader.Resynchronize"/>).
/// A truncated last record is what a live writer leaves, so both policies count it and stop there.
/// Runs of add_scalar records are taken straight from the read buffer (<see cref="AddScalarFastPath"/>);
/// <see cref="ChunkedEventScanner"/> also moves it forward (<see cref="SkipTo"/>) and bounds it
/// (<see cref="ReadBatchUntil"/>) to read the records between the runs its workers found.
/// </summary>
internal sealed class EventFileScanner : IScalarScanner
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
    private const int BatchSize = 1024;
    private readonly AddScalarFastPath _fastPath;
    private ScalarPoint[]? _batch;
    private ExceptionDispatchInfo? _error;
    private readonly List<DecodedValue> _values = [];
    private int _next;
    private long _step;
    private double _wallTime;
    private long _recordOffset;
    private bool _finished;
    private bool _sawWallTime;

    public EventFileScanner(string path, Stream stream, ReaderOptions options, EventDecoder decoder, SkipTally skipped, int maxBufferedRecord = TfRecordReader.DefaultMaxBufferedRecord)
    {
        _path = path;
        _decoder = decoder;
        _fastPath = decoder.FastPath;
        _skipped = skipped;
        _strict = options.BadRecords == BadRecordPolicy.Strict;
        _frames = new TfRecordReader(stream, options.BufferSize, ownsStream: true, maxBufferedRecord);
    }

    /// <summary>The run's decoder (tags and plugins).</summary>
    public EventDecoder Decoder => _decoder;

    /// <summary>Records read whose CRCs matched.</summary>
    public long Records { get; private set; }

    /// <summary>File offset of the next record to read.</summary>
    public long Position => _frames.Position;

    /// <summary>True once the end of the file (or a truncated record) was reached.</summary>
    public bool Finished => _finished && _next == _values.Count;

    /// <summary>Wall time of the first event that had one (the time the writer opened the file).</summary>
    public double? FirstWallTime { get; private set; }

    /// <summary>
    /// Opens an event file: read in chunks on several cores (<see cref="ChunkedEventScanner"/>, same
    /// results) when it is large and there is more than one core, else sequentially. With <paramref name="summarise"/>, chunk
    /// workers also total their points per tag (<see cref="ScalarBatch.Spans"/>), for a store that keeps only totals.
    /// </summary>
    public static IScalarScanner Open(string path, ReaderOptions options, EventDecoder decoder, SkipTally skipped, bool summarise = false)
    {
        var workers = Math.Min(Environment.ProcessorCount - 1, 3);
        if (workers > 0 && new FileInfo(path).Length >= ChunkedEventScanner.Threshold)
        {
            return ChunkedEventScanner.Open(path, options, decoder, skipped, workers, summarise);
        }

        return new EventFileScanner(path, OpenStream(path), options, decoder, skipped);
    }

    /// <summary>Opens an event file as an unbuffered stream for sequential reading (a live writer may still be appending).</summary>
    public static FileStream OpenStream(string path)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);

    /// <inheritdoc/>
    public ScalarBatch ReadBatch() => ReadBatchUntil(long.MaxValue);

    /// <summary>
    /// Like <see cref="ReadBatch"/>, but takes no record that starts at or after the file offset
    /// <paramref name="limit"/>: none once <see cref="Position"/> reaches it (or the end). A bad
    /// record under the strict policy throws once every scalar before it was returned.
    /// </summary>
    public ScalarBatch ReadBatchUntil(long limit)
    {
        _batch ??= new ScalarPoint[BatchSize];
        return new ScalarBatch(_batch, 0, ReadUntil(_batch, limit), null);
    }

    private int ReadUntil(Span<ScalarPoint> destination, long limit)
    {
        if (_error is { } error)
        {
            // Every scalar before the bad record was handed out; now the error.
            _error = null;
            _finished = true;
            error.Throw();
        }

        var written = 0;
        try
        {
            Fill(destination, limit, ref written);
        }
        catch (IngestException e) when (written > 0)
        {
            _error = ExceptionDispatchInfo.Capture(e);
        }

        return written;
    }

    /// <summary>Moves forward to the file offset <paramref name="offset"/>, a record boundary at or after <see cref="Position"/>.</summary>
    public void SkipTo(long offset) => _frames.SkipTo(offset);

    public void Dispose() => _frames.Dispose();

    private void Fill(Span<ScalarPoint> destination, long limit, ref int written)
    {
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

            var position = _frames.Position;
            if (_finished || position >= limit)
            {
                break;
            }

            // Runs of add_scalar records straight from the read buffer, then one frame the careful way.
            var buffered = _frames.Buffered;
            var consumed = _fastPath.Scan(buffered, (int)Math.Min(buffered.Length, limit - position), destination[written..], out var count, out var otherLength);
            if (count > 0)
            {
                _frames.Consume(consumed);
                Records += count;
                if (!_sawWallTime)
                {
                    NoteWallTime(destination.Slice(written, count));
                }

                written += count;
            }

            if (otherLength >= 0)
            {
                // A sound record the fast path does not decode: its CRCs were just checked.
                var frame = _frames.Buffered;
                _frames.Consume(TfRecordReader.HeaderSize + otherLength + TfRecordReader.FooterSize);
                _values.Clear();
                _next = 0;
                _finished = !Handle(FrameStatus.Record, frame.Slice(TfRecordReader.HeaderSize, otherLength));
                continue;
            }

            if (count > 0)
            {
                continue;
            }

            _values.Clear();
            _next = 0;
            var status = _frames.Next(out var data);
            if (status == FrameStatus.Record && _fastPath.TryMatch(data, out destination[written]))
            {
                Records++;
                if (!_sawWallTime)
                {
                    NoteWallTime(destination.Slice(written, 1));
                }

                written++;
                continue;
            }

            _finished = !Handle(status, data);
        }
    }

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
        _wallTime = wallTime;
        if (!_sawWallTime && wallTime > 0)
        {
            FirstWallTime = wallTime;
            _sawWallTime = true;
        }
        if (kind is not (EventKind.Summary or EventKind.FileVersion or EventKind.Empty))
        {
            _skipped.Add(NonScalarEventReason(kind), _path, _recordOffset);
        }
    }

    private void NoteWallTime(ReadOnlySpan<ScalarPoint> points)
    {
        foreach (var point in points)
        {
            if (point.WallTime is { } wallTime)
            {
                FirstWallTime = wallTime;
                _sawWallTime = true;
                return;
            }
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
