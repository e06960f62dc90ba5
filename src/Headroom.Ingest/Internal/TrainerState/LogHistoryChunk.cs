namespace Headroom.Ingest;

/// <summary>
/// A run of whole `log_history` entries cut from the file at entry boundaries (<see cref="LogHistoryScan"/>), read
/// on its own (<see cref="Parse"/>, on any thread) into what <see cref="TrainerStateFile"/> would have handed on for
/// each entry, keys numbered by first appearance in the chunk. Its bytes run from just after a <c>[</c> or an entry's
/// start to the next chunk's start, so the chunks tile the history and their lines add up.
/// </summary>
internal sealed class LogHistoryChunk(byte[] bytes, int length, long offset, List<(int Start, int End)> entries)
{
    private readonly List<Parsed> _parsed = new(entries.Count);
    private readonly List<(int Key, double Value)> _values = [];
    private readonly List<string> _skips = [];

    /// <summary>The file offset of the chunk's first byte.</summary>
    public long Offset => offset;

    public int Length => length;

    /// <summary>The keys in the order the entries first name them.</summary>
    public List<string> Keys { get; } = [];

    /// <summary>The newlines in the chunk, and the index of its last one (-1 when none).</summary>
    public (int Count, int Last) Newlines { get; private set; }

    /// <summary>The first entry that is not valid JSON (-1 when every one is): it and the rest are left to the stream reader.</summary>
    public int Stop { get; private set; } = -1;

    /// <summary>Where the stop entry starts: its index in the chunk, the newlines before it and the index of the last one.</summary>
    public (int Start, int Newlines, int LastNewline) StopAt { get; private set; }

    /// <summary>How many of <see cref="Keys"/> the entries before the stop named.</summary>
    public int KeysBeforeStop { get; private set; }

    /// <summary>Reads every entry; the bytes go back to the pool.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public LogHistoryChunk Parse()
    {
        var span = bytes.AsSpan(0, length);
        var keys = new Utf8KeyTable(text =>
        {
            Keys.Add(text);
            return Keys.Count - 1;
        });
        var entry = new TrainerStateEntry();
        var newlines = 0;
        var counted = 0;
        for (var i = 0; i < entries.Count && Stop < 0; i++)
        {
            var (start, end) = entries[i];
            newlines += span[counted..start].Count((byte)'\n');
            counted = start;
            var keysBefore = Keys.Count;
            entry.Clear(newlines);
            if (!FlatEntry.TryRead(span[start..(end + 1)], keys, entry))
            {
                Stop = i;
                StopAt = (start, newlines, span[..start].LastIndexOf((byte)'\n'));
                KeysBeforeStop = keysBefore;
                break;
            }

            _values.AddRange(entry.Values);
            _skips.AddRange(entry.Skips);
            _parsed.Add(new Parsed(newlines, entry.HasStep, entry.Step, _values.Count, _skips.Count));
        }

        if (Stop < 0)
        {
            Newlines = (newlines + span[counted..].Count((byte)'\n'), span.LastIndexOf((byte)'\n'));
            KeysBeforeStop = Keys.Count;
        }

        System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        return this;
    }

    /// <summary>
    /// Hands each entry read to <paramref name="onEntry"/> in file order, its line counted from the chunk's first
    /// (<paramref name="line"/>) and its keys numbered by <paramref name="keyId"/>; returns how many it handed on.
    /// </summary>
    public int Deliver(long line, Func<string, int> keyId, TrainerStateEntry entry, Action<TrainerStateEntry> onEntry)
    {
        var ids = new int[KeysBeforeStop];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = keyId(Keys[i]);
        }

        var value = 0;
        var skip = 0;
        foreach (var parsed in _parsed)
        {
            entry.Clear(line + parsed.Newlines);
            entry.HasStep = parsed.HasStep;
            entry.Step = parsed.Step;
            for (; value < parsed.ValueEnd; value++)
            {
                entry.Add(ids[_values[value].Key], _values[value].Value);
            }

            for (; skip < parsed.SkipEnd; skip++)
            {
                entry.Skip(_skips[skip]);
            }

            onEntry(entry);
        }

        return _parsed.Count;
    }

    private readonly record struct Parsed(int Newlines, bool HasStep, double? Step, int ValueEnd, int SkipEnd);
}
