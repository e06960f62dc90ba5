namespace Headroom.Ingest;

/// <summary>
/// Reads the scalars of a large event file on several cores with exactly the results of
/// <see cref="EventFileScanner"/> (same points in the same order, same tag ids, skipped counts,
/// first locations and errors). Workers (<see cref="ChunkSchedule{TChunk}"/>) cut the file into chunks and
/// find in each the runs of add_scalar records (<see cref="EventChunk"/>). This thread walks the
/// file in order: where the walk stands exactly at the start of a run, it takes the run's points;
/// everything else (the file_version header, other kinds of events, bad or truncated records,
/// records too large for a chunk, runs that the walk does not reach) is read by a sequential
/// <see cref="EventFileScanner"/> from where the walk stands up to the next run, so bad records,
/// policies and messages are the sequential reader's own.
/// </summary>
internal sealed class ChunkedEventScanner : IScalarScanner
{
    /// <summary>Files at least this large are read in chunks (when there is more than one core).</summary>
    public const long Threshold = 64L << 20;

    /// <summary>Bytes per chunk.</summary>
    public const int DefaultChunkSize = 1 << 20;

    /// <summary>Bytes read past a chunk's end so that its last record is whole.</summary>
    public const int DefaultSlack = 4 << 10;

    private readonly string _path;
    private readonly ReaderOptions _options;
    private readonly SkipTally _skipped;
    private readonly Func<Stream> _openStream;
    private readonly ChunkSchedule<EventChunk> _schedule;
    private readonly IDisposable? _owned;
    private EventFileScanner? _sequential;
    private EventChunk? _chunk;
    private int[] _remap = [];
    private int _run;
    private int _runIndex;
    private ScalarRun? _pending;
    private int _unmapped;
    private long _position;
    private long _gapLimit;
    private bool _inGap;
    private bool _done;
    private long _runRecords;
    private double? _firstWallTime;

    /// <param name="path">The file's name in messages.</param>
    /// <param name="length">The file's length.</param>
    /// <param name="read">Positional reads of the file (called on several threads at once).</param>
    /// <param name="openStream">Opens the file as a stream for the sequential reader.</param>
    /// <param name="options">Policy and buffer size of the sequential reader.</param>
    /// <param name="decoder">The run's decoder.</param>
    /// <param name="skipped">The run's skip tally.</param>
    /// <param name="chunkSize">Bytes per chunk.</param>
    /// <param name="slack">Bytes read past a chunk's end.</param>
    /// <param name="workers">Worker threads besides this one.</param>
    /// <param name="owned">Disposed with the scanner (the file handle).</param>
    /// <param name="summarise">Workers also total each run's points per tag, handed out with them (<see cref="ScalarBatch.Spans"/>).</param>
    public ChunkedEventScanner(
        string path, long length, ReadAt read, Func<Stream> openStream, ReaderOptions options, EventDecoder decoder, SkipTally skipped,
        int chunkSize = DefaultChunkSize, int slack = DefaultSlack, int workers = 1, IDisposable? owned = null, bool summarise = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(slack);
        _path = path;
        _options = options;
        Decoder = decoder;
        _skipped = skipped;
        _openStream = openStream;
        _owned = owned;
        var chunks = (int)((length + chunkSize - 1) / chunkSize);
        _schedule = new ChunkSchedule<EventChunk>(
            chunks,
            window: 4 * (workers + 1),
            workers,
            bufferSize: chunkSize + slack,
            (index, buffer) => EventChunk.Scan(read, length, index, chunkSize, slack, buffer, summarise),
            EventChunk.Empty);
    }

    /// <inheritdoc/>
    public EventDecoder Decoder { get; }

    /// <inheritdoc/>
    public long Records => _runRecords + (_sequential?.Records ?? 0);

    /// <inheritdoc/>
    public double? FirstWallTime => _firstWallTime ?? _sequential?.FirstWallTime;

    /// <summary>Records taken from the workers' runs (the rest were read sequentially).</summary>
    public long RecordsFromRuns => _runRecords;

    /// <summary>Runs found by the workers that the walk of the file did not arrive at.</summary>
    public int RunsDropped { get; private set; }

    /// <summary>Opens a file for reading in chunks by <paramref name="workers"/> threads besides the caller's.</summary>
    public static ChunkedEventScanner Open(string path, ReaderOptions options, EventDecoder decoder, SkipTally skipped, int workers, bool summarise = false)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            return new ChunkedEventScanner(
                path,
                RandomAccess.GetLength(handle),
                (offset, destination) => RandomAccess.Read(handle, destination, offset),
                () => EventFileScanner.OpenStream(path),
                options,
                decoder,
                skipped,
                workers: workers,
                owned: handle,
                summarise: summarise);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public ScalarBatch ReadBatch()
    {
        while (true)
        {
            if (_inGap)
            {
                var batch = _sequential!.ReadBatchUntil(_gapLimit);
                _firstWallTime ??= _sequential.FirstWallTime;
                if (batch.Count > 0)
                {
                    return batch;
                }

                _inGap = false;
                _position = _sequential.Position;
                _done = _sequential.Finished || _gapLimit == long.MaxValue;
                continue;
            }

            if (_done)
            {
                return new ScalarBatch([], 0, 0, null);
            }

            if (NextRun() is not { } run)
            {
                // Past the last run: the rest of the file, sequentially.
                StartGap(long.MaxValue);
            }
            else if (run.Start > _position)
            {
                _pending = run;
                StartGap(run.Start);
            }
            else if (run.Start == _position)
            {
                _position = run.End;
                _runRecords += run.Count;
                var points = _chunk!.Points.Slice(run.FirstPoint, run.Count);
                MapTags(points);
                if (_firstWallTime is null)
                {
                    NoteWallTime(points);
                }

                return new ScalarBatch(_chunk.PointArray, run.FirstPoint, run.Count, _remap, _chunk.SpansOf(_runIndex));
            }
            else
            {
                // A run that starts before the walk's position is not on the walk (it starts inside a
                // record, or was read sequentially): dropped.
                RunsDropped++;
            }
        }
    }

    public void Dispose()
    {
        _schedule.Dispose();
        _chunk?.Release();
        _chunk = null;
        _sequential?.Dispose();
        _owned?.Dispose();
    }

    private void StartGap(long limit)
    {
        _sequential ??= new EventFileScanner(_path, _openStream(), _options, Decoder, _skipped);
        _sequential.SkipTo(_position);
        _gapLimit = limit;
        _inGap = true;
    }

    private ScalarRun? NextRun()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            return pending;
        }

        while (true)
        {
            if (_chunk is { } chunk && _run < chunk.Runs.Count)
            {
                _runIndex = _run;
                return chunk.Runs[_run++];
            }

            _chunk?.Release();
            _chunk = _schedule.Take();
            if (_chunk is null)
            {
                return null;
            }

            _run = 0;
            _unmapped = _chunk.Tags.Count;
            _remap = new int[_unmapped];
            _remap.AsSpan().Fill(-1);
        }
    }

    // Chunk tag ids to the run's, interned in order of first use so that tags get the ids the
    // sequential reader gives them.
    private void MapTags(ReadOnlySpan<ScalarPoint> points)
    {
        if (_unmapped == 0)
        {
            return;
        }

        var remap = _remap;
        var chunkTags = _chunk!.Tags;
        foreach (var point in points)
        {
            if (remap[point.TagId] < 0)
            {
                remap[point.TagId] = Decoder.Tags.Intern(chunkTags.BytesOf(point.TagId));
                if (--_unmapped == 0)
                {
                    return;
                }
            }
        }
    }

    private void NoteWallTime(ReadOnlySpan<ScalarPoint> points)
    {
        foreach (var point in points)
        {
            if (point.WallTime is { } wallTime)
            {
                _firstWallTime = wallTime;
                return;
            }
        }
    }
}
