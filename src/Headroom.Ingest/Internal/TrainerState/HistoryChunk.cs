using System.Buffers;
using System.Runtime.CompilerServices;

namespace Headroom.Ingest;

/// <summary>
/// The `log_history` entries of one piece of a file, read on any thread by <see cref="LogHistoryScanner"/> and kept
/// as arrays (keys numbered by first appearance in the piece) until <see cref="ChunkedLogHistory"/> hands them on in
/// file order. A piece starts at a known entry start or at a guessed one (<see cref="Start"/>): it is used only when
/// the piece before ends exactly there.
/// </summary>
internal sealed class HistoryChunk : IScheduledChunk
{
    private const byte NoStep = 0;
    private const byte StepNotNumber = 1;
    private const byte StepNumber = 2;

    private readonly List<(int Entry, string Reason)> _skips = [];
    private long[] _offsets = [];
    private long[] _lines = [];
    private double[] _steps = [];
    private byte[] _stepKinds = [];
    private int[] _valueEnds = [];
    private (int Key, double Value)[] _values = [];
    private int _valueCount;

    private HistoryChunk(int index) => Index = index;

    public int Index { get; }

    /// <summary>The file offset the piece was read from (-1 when it was not read: a failed guess or scan).</summary>
    public long Start { get; private set; } = -1;

    /// <summary>Where and why the piece's reading stopped.</summary>
    public LogHistoryScanner.Stop Stop { get; private set; }

    /// <summary>The keys of the piece, numbered by first appearance.</summary>
    public List<string> Keys { get; } = [];

    public int Entries { get; private set; }

    public static HistoryChunk Empty(int index) => new(index);

    /// <summary>Reads the piece whose first entry starts at <paramref name="offset"/> (see <see cref="LogHistoryScanner.ReadPiece"/>).</summary>
    public static HistoryChunk Read(ReadAt read, int index, long offset, long limit, byte[] buffer, int capacity)
    {
        var chunk = new HistoryChunk(index);
        chunk.Stop = LogHistoryScanner.ReadPiece(read, offset, limit, buffer, capacity, chunk.KeyTable(), chunk.Add);
        chunk.Start = offset;
        return chunk;
    }

    /// <summary>Reads the piece from its first guessed entry start at or after <paramref name="nominal"/> (see <see cref="LogHistoryScanner.ReadGuessedPiece"/>).</summary>
    public static HistoryChunk Guess(ReadAt read, int index, long from, long nominal, long limit, byte[] buffer, int capacity)
    {
        var chunk = new HistoryChunk(index);
        if (LogHistoryScanner.ReadGuessedPiece(read, from, nominal, limit, buffer, capacity, chunk.KeyTable(), chunk.Add) is { } piece)
        {
            chunk.Stop = piece.Stop;
            chunk.Start = piece.Start;
        }

        return chunk;
    }

    /// <summary>
    /// Hands the entries to <paramref name="onEntry"/> as <see cref="TrainerStateFile"/> reads them: keys as the run's
    /// ids (<paramref name="keyId"/>, asked in order of first appearance), lines counted from <paramref name="line"/>,
    /// the line of the piece's start.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Deliver(TrainerStateEntry entry, Func<string, int> keyId, long line, ReadAt read, Action<TrainerStateEntry> onEntry)
    {
        var ids = new int[Keys.Count];
        for (var k = 0; k < ids.Length; k++)
        {
            ids[k] = keyId(Keys[k]);
        }

        // The keys become the run's in place: the entries lend their values as they are.
        foreach (ref var value in _values.AsSpan(0, _valueCount))
        {
            value.Key = ids[value.Key];
        }

        var current = 0;
        Func<long, long> lineAt = offset => line + (_lines[current] >= 0 ? _lines[current] : NewlinesBetween(read, Start, offset));
        var start = 0;
        var skip = 0;
        for (; current < Entries; current++)
        {
            entry.Clear(lineAt, _offsets[current]);
            entry.HasStep = _stepKinds[current] != NoStep;
            entry.Step = _stepKinds[current] == StepNumber ? _steps[current] : null;
            entry.Borrow(_values, start, _valueEnds[current] - start);
            start = _valueEnds[current];

            for (; skip < _skips.Count && _skips[skip].Entry == current; skip++)
            {
                entry.Skip(_skips[skip].Reason);
            }

            onEntry(entry);
        }
    }

    public void Release()
    {
        Return(ref _offsets);
        Return(ref _lines);
        Return(ref _steps);
        Return(ref _stepKinds);
        Return(ref _valueEnds);
        Return(ref _values);
        Entries = 0;
    }

    private Utf8KeyTable KeyTable() => new(text =>
    {
        Keys.Add(text);
        return Keys.Count - 1;
    });

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Add(TrainerStateEntry entry)
    {
        var e = Entries++;
        if (e == _offsets.Length)
        {
            var capacity = Math.Max(1024, 2 * e);
            Grow(ref _offsets, e, capacity);
            Grow(ref _lines, e, capacity);
            Grow(ref _steps, e, capacity);
            Grow(ref _stepKinds, e, capacity);
            Grow(ref _valueEnds, e, capacity);
        }

        var values = entry.Values;
        if (_valueCount + values.Length > _values.Length)
        {
            Grow(ref _values, _valueCount, Math.Max(8192, 2 * (_valueCount + values.Length)));
        }

        var mayBeAsked = entry.Skips.Length > 0 || entry.Step is not { } step || !Numbers.TryStep(step, out _);
        foreach (var (key, value) in values)
        {
            // A zero may be an uncounted total_flos, skipped at the entry's line.
            mayBeAsked |= value == 0;
            _values[_valueCount++] = (key, value);
        }

        _offsets[e] = entry.Offset;
        _lines[e] = mayBeAsked ? entry.Line : -1;
        _stepKinds[e] = !entry.HasStep ? NoStep : entry.Step is null ? StepNotNumber : StepNumber;
        _steps[e] = entry.Step ?? 0;
        _valueEnds[e] = _valueCount;
        foreach (var reason in entry.Skips)
        {
            _skips.Add((e, reason));
        }
    }

    /// <summary>The newlines in the file between two offsets (a line asked of an entry whose line was not kept).</summary>
    private static long NewlinesBetween(ReadAt read, long from, long to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long newlines = 0;
            while (from < to)
            {
                var got = read(from, buffer.AsSpan(0, (int)Math.Min(buffer.Length, to - from)));
                if (got <= 0)
                {
                    break;
                }

                newlines += buffer.AsSpan(0, got).Count((byte)'\n');
                from += got;
            }

            return newlines;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Grow<T>(ref T[] array, int used, int capacity)
    {
        var grown = ArrayPool<T>.Shared.Rent(capacity);
        array.AsSpan(0, used).CopyTo(grown);
        Return(ref array);
        array = grown;
    }

    private static void Return<T>(ref T[] array)
    {
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array);
            array = [];
        }
    }
}
