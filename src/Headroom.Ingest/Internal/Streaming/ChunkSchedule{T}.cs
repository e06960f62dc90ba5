using System.Buffers;

namespace Headroom.Ingest;

/// <summary>
/// Hands out the chunks of a file in order to worker threads and takes them back in order for one
/// consumer (an event file's <see cref="EventChunk"/>s, a trainer state's <see cref="HistoryChunk"/>s).
/// At most <c>window</c> chunks are scanned or waiting ahead of the consumer, so memory stays bounded
/// whatever the file size. A consumer that would wait scans the next unclaimed chunk itself, so the
/// consumer's core also scans while the workers are busy. A chunk whose scan fails (an I/O error,
/// say) comes back empty: the consumer then reads those bytes sequentially, meeting the same error
/// in file order if it persists.
/// </summary>
internal sealed class ChunkSchedule<TChunk> : IDisposable
    where TChunk : class, IScheduledChunk
{
    private readonly object _gate = new();
    private readonly Func<int, byte[], TChunk> _scan;
    private readonly Func<int, TChunk> _empty;
    private readonly int _count;
    private readonly int _bufferSize;
    private readonly TChunk?[] _ready;
    private readonly Thread[] _workers;
    private byte[]? _consumerBuffer;
    private int _nextClaim;
    private int _nextTake;
    private bool _stopped;

    /// <param name="count">Number of chunks.</param>
    /// <param name="window">Most chunks scanned ahead of the consumer.</param>
    /// <param name="workers">Worker threads (besides the consumer).</param>
    /// <param name="bufferSize">Bytes each scanner needs to read a chunk into.</param>
    /// <param name="scan">Scans chunk i into the buffer given (called on several threads at once).</param>
    /// <param name="empty">A chunk without runs, for a scan that failed.</param>
    public ChunkSchedule(int count, int window, int workers, int bufferSize, Func<int, byte[], TChunk> scan, Func<int, TChunk> empty)
    {
        _count = count;
        _bufferSize = bufferSize;
        _scan = scan;
        _empty = empty;
        _ready = new TChunk?[window];
        _workers = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = "Headroom chunk scanner" };
            _workers[i].Start();
        }
    }

    /// <summary>The next chunk in file order (the caller releases it), or null after the last.</summary>
    public TChunk? Take() => Next(claimNext: false).Chunk;

    /// <summary>
    /// Like <see cref="Take"/>, except for the next chunk in file order when no worker has started it: the caller reads
    /// that one itself, its own way (which may cost less than a worker's), and it counts as taken: (null, true). A chunk
    /// a worker is reading is waited for, the caller reading a later one meanwhile as with <see cref="Take"/>. (null,
    /// false) after the last.
    /// </summary>
    public (TChunk? Chunk, bool Claimed) TakeOrClaim() => Next(claimNext: true);

    private (TChunk? Chunk, bool Claimed) Next(bool claimNext)
    {
        var wanted = _nextTake;
        if (wanted >= _count)
        {
            return (null, false);
        }

        while (true)
        {
            int mine;
            lock (_gate)
            {
                var slot = wanted % _ready.Length;
                if (_ready[slot] is { } done && done.Index == wanted)
                {
                    _ready[slot] = null;
                    _nextTake++;
                    Monitor.PulseAll(_gate);
                    return (done, false);
                }

                if (claimNext && _nextClaim == wanted)
                {
                    _nextClaim++;
                    _nextTake++;
                    Monitor.PulseAll(_gate);
                    return (null, true);
                }

                if (_nextClaim < _count && _nextClaim - wanted < _ready.Length)
                {
                    mine = _nextClaim++;
                }
                else
                {
                    Monitor.Wait(_gate);
                    continue;
                }
            }

            // no worker had started the one wanted, or a later one is free: read it here meanwhile
            _consumerBuffer ??= ArrayPool<byte>.Shared.Rent(_bufferSize);
            var chunk = ScanSafely(mine, _consumerBuffer);
            lock (_gate)
            {
                if (mine == wanted)
                {
                    _nextTake++;
                    Monitor.PulseAll(_gate);
                    return (chunk, false);
                }

                _ready[mine % _ready.Length] = chunk;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }

        for (var i = 0; i < _ready.Length; i++)
        {
            _ready[i]?.Release();
            _ready[i] = null;
        }

        if (_consumerBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_consumerBuffer);
            _consumerBuffer = null;
        }
    }

    private void Work()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
        try
        {
            while (true)
            {
                int mine;
                lock (_gate)
                {
                    while (!_stopped && _nextClaim < _count && _nextClaim - _nextTake >= _ready.Length)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_stopped || _nextClaim >= _count)
                    {
                        return;
                    }

                    mine = _nextClaim++;
                }

                var chunk = ScanSafely(mine, buffer);
                lock (_gate)
                {
                    if (_stopped)
                    {
                        chunk.Release();
                        return;
                    }

                    _ready[mine % _ready.Length] = chunk;
                    Monitor.PulseAll(_gate);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // A worker must not die (an exception on a thread of its own ends the process): a failed chunk
    // comes back empty and its bytes are read by the consumer's sequential reader instead, which
    // gives the same result or meets the same error in file order.
    private TChunk ScanSafely(int index, byte[] buffer)
    {
        try
        {
            return _scan(index, buffer);
        }
        catch (Exception)
        {
            return _empty(index);
        }
    }
}
