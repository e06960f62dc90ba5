using System.Buffers;
using System.Buffers.Binary;

namespace Headroom.Ingest;

/// <summary>
/// What a worker found in one chunk of an event file, without knowing where the records before it
/// ended: the runs of add_scalar records that start in the chunk, found by walking the records from
/// the first position where a whole record with both CRCs matching starts (and again after anything
/// that breaks the walk). The runs are candidates: <see cref="ChunkedEventScanner"/> uses a run only
/// when the sequential walk of the file arrives exactly at its start, so a false start (a CRC match
/// by chance, odds 2^-64) or a record too large for the window costs time, never a different result.
/// </summary>
internal sealed class EventChunk : IScheduledChunk
{
    private ScalarPoint[] _points;

    private EventChunk(int index, int expectedPoints)
    {
        Index = index;
        _points = ArrayPool<ScalarPoint>.Shared.Rent(Math.Max(64, expectedPoints));
    }

    /// <summary>The chunk's number (its bytes start at <c>Index * chunkSize</c>).</summary>
    public int Index { get; }

    /// <summary>The tags of the chunk's runs, numbered in order of first appearance in the chunk.</summary>
    public TagTable Tags { get; } = new();

    /// <summary>The runs, in file order.</summary>
    public List<ScalarRun> Runs { get; } = [];

    /// <summary>The points of every run, tag ids in <see cref="Tags"/>.</summary>
    public ReadOnlySpan<ScalarPoint> Points => _points.AsSpan(0, PointCount);

    /// <summary>The array holding <see cref="Points"/> (valid until <see cref="Release"/>).</summary>
    public ScalarPoint[] PointArray => _points;

    /// <summary>Number of points.</summary>
    public int PointCount { get; private set; }

    // Each run's totals per tag (SpansOf): run r's are _spans[_spanStarts[r] .. _spanStarts[r + 1]); none unless asked for.
    private SpanSummary[] _spans = [];
    private readonly List<int> _spanStarts = [];

    /// <summary>
    /// Reads the chunk <paramref name="index"/> (bytes <c>[index * chunkSize, (index + 1) * chunkSize)</c>
    /// of a file of <paramref name="fileLength"/> bytes, plus up to <paramref name="slack"/> bytes past
    /// its end for the last record) into <paramref name="buffer"/>, and finds its runs; with <paramref name="summarise"/>,
    /// also totals each run's points per tag (<see cref="SpansOf"/>).
    /// </summary>
    public static EventChunk Scan(ReadAt read, long fileLength, int index, int chunkSize, int slack, byte[] buffer, bool summarise = false)
    {
        var start = (long)index * chunkSize;
        var chunkLength = (int)Math.Min(chunkSize, fileLength - start);
        var windowLength = (int)Math.Min((long)chunkLength + slack, fileLength - start);
        var loaded = 0;
        while (loaded < windowLength)
        {
            var got = read(start + loaded, buffer.AsSpan(loaded, windowLength - loaded));
            if (got <= 0)
            {
                break;
            }

            loaded += got;
        }

        var chunk = new EventChunk(index, chunkLength / 40);
        chunk.Find(buffer.AsSpan(0, loaded), start, Math.Min(chunkLength, loaded));
        if (summarise)
        {
            chunk.Summarise();
        }

        return chunk;
    }

    /// <summary>A chunk without runs (its bytes are left to the sequential reader).</summary>
    public static EventChunk Empty(int index) => new(index, 0);

    /// <summary>The totals of run <paramref name="run"/>'s points, one per tag in order of the tag's first point in the run.</summary>
    public ReadOnlyMemory<SpanSummary> SpansOf(int run)
        => _spanStarts.Count > 0 ? _spans.AsMemory(_spanStarts[run], _spanStarts[run + 1] - _spanStarts[run]) : default;

    /// <summary>Returns the point array to the pool; the chunk is unusable afterwards.</summary>
    public void Release()
    {
        if (_points.Length > 0)
        {
            ArrayPool<ScalarPoint>.Shared.Return(_points);
            _points = [];
            PointCount = 0;
        }
    }

    private void Find(ReadOnlySpan<byte> window, long start, int chunkLength)
    {
        var fastPath = new AddScalarFastPath(Tags);
        var position = NextSoundRecord(window, 0, chunkLength);
        while (position >= 0 && position < chunkLength)
        {
            if (PointCount == _points.Length)
            {
                Grow();
            }

            var consumed = fastPath.Scan(window[position..], chunkLength - position, _points.AsSpan(PointCount), out var count, out var otherLength);
            if (count > 0)
            {
                Add(start + position, start + position + consumed, count);
                position += consumed;
            }

            if (otherLength >= 0)
            {
                // A sound record of another kind: the sequential reader takes it; the walk goes on after it.
                position += TfRecordReader.HeaderSize + otherLength + TfRecordReader.FooterSize;
            }
            else if (count == 0)
            {
                // Not a whole sound record (or past the chunk's end): look for the next one.
                position = NextSoundRecord(window, position + 1, chunkLength);
            }
        }
    }

    private void Summarise()
    {
        var slotOfTag = new int[Tags.Count];
        slotOfTag.AsSpan().Fill(-1);
        var spans = new SpanSummary[Math.Min(PointCount, (long)Runs.Count * Tags.Count)];
        var count = 0;
        foreach (var run in Runs)
        {
            _spanStarts.Add(count);
            var first = count;
            foreach (ref readonly var point in Points.Slice(run.FirstPoint, run.Count))
            {
                var slot = slotOfTag[point.TagId];
                if (slot < first)
                {
                    slotOfTag[point.TagId] = count;
                    spans[count++] = SpanSummary.Of(point.TagId, point.Step, point.Value);
                }
                else
                {
                    spans[slot].Add(point.Step, point.Value);
                }
            }
        }

        _spanStarts.Add(count);
        _spans = spans;
    }

    private void Add(long start, long end, int count)
    {
        if (Runs.Count > 0 && Runs[^1].End == start)
        {
            // The point array filled up in the middle of a run: one run all the same.
            var last = Runs[^1];
            Runs[^1] = last with { End = end, Count = last.Count + count };
        }
        else
        {
            Runs.Add(new ScalarRun(start, end, PointCount, count));
        }

        PointCount += count;
    }

    private void Grow()
    {
        var larger = ArrayPool<ScalarPoint>.Shared.Rent(2 * _points.Length);
        Points.CopyTo(larger);
        ArrayPool<ScalarPoint>.Shared.Return(_points);
        _points = larger;
    }

    // The first position in [from, before) where a whole record starts whose length CRC and data CRC both match, or -1.
    private static int NextSoundRecord(ReadOnlySpan<byte> window, int from, int before)
    {
        const int Framing = TfRecordReader.HeaderSize + TfRecordReader.FooterSize;
        for (var position = from; position < before && window.Length - position >= Framing; position++)
        {
            var frame = window[position..];
            var length = BinaryPrimitives.ReadUInt64LittleEndian(frame);
            if (length <= (ulong)(frame.Length - Framing)
                && Crc32C.MaskedOfLength(length) == BinaryPrimitives.ReadUInt32LittleEndian(frame[8..])
                && Crc32C.Mask(Crc32C.Compute(frame.Slice(TfRecordReader.HeaderSize, (int)length)))
                    == BinaryPrimitives.ReadUInt32LittleEndian(frame[(TfRecordReader.HeaderSize + (int)length)..]))
            {
                return position;
            }
        }

        return -1;
    }
}
