using System.Buffers;

namespace Headroom.Ingest;

/// <summary>
/// A run of whole `log_history` entries cut from the file at entry boundaries (<see cref="LogHistoryScan"/>), read
/// on its own (<see cref="Parse"/>, on any thread) into what <see cref="TrainerStateFile"/> would have handed on for
/// each entry, keys numbered by first appearance in the chunk. Its bytes run from just after a <c>[</c> or an entry's
/// start to the next chunk's start, so the chunks tile the history and their lines add up.
/// </summary>
internal sealed class LogHistoryChunk(byte[] bytes, int length, long offset, List<(int Start, int End)> entries)
{
    // Pooled: a chunk holds ~10^5 values, and a large history has thousands of chunks.
    private readonly List<string> _skips = [];
    private Parsed[] _parsed = [];
    private int _entries;
    private (int Key, double Value)[] _values = [];
    private int _valueCount;

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
    public LogHistoryChunk Parse()
    {
        var span = bytes.AsSpan(0, length);
        var keys = new Utf8KeyTable(text =>
        {
            Keys.Add(text);
            return Keys.Count - 1;
        });
        var entry = new TrainerStateEntry();
        _parsed = ArrayPool<Parsed>.Shared.Rent(entries.Count);
        _values = ArrayPool<(int Key, double Value)>.Shared.Rent(8 * entries.Count);
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

            Append(entry.Values);
            _skips.AddRange(entry.Skips);
            _parsed[_entries++] = new Parsed(newlines, entry.HasStep, entry.Step, _valueCount, _skips.Count);
        }

        if (Stop < 0)
        {
            Newlines = (newlines + span[counted..].Count((byte)'\n'), span.LastIndexOf((byte)'\n'));
            KeysBeforeStop = Keys.Count;
        }

        ArrayPool<byte>.Shared.Return(bytes);
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
        foreach (var parsed in _parsed.AsSpan(0, _entries))
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

        if (_parsed.Length > 0)
        {
            ArrayPool<Parsed>.Shared.Return(_parsed);
        }

        if (_values.Length > 0)
        {
            ArrayPool<(int Key, double Value)>.Shared.Return(_values);
        }

        return _entries;
    }

    private void Append(ReadOnlySpan<(int Key, double Value)> values)
    {
        if (_valueCount + values.Length > _values.Length)
        {
            var grown = ArrayPool<(int Key, double Value)>.Shared.Rent(2 * (_valueCount + values.Length));
            _values.AsSpan(0, _valueCount).CopyTo(grown);
            if (_values.Length > 0)
            {
                ArrayPool<(int Key, double Value)>.Shared.Return(_values);
            }

            _values = grown;
        }

        values.CopyTo(_values.AsSpan(_valueCount));
        _valueCount += values.Length;
    }

    private readonly record struct Parsed(int Newlines, bool HasStep, double? Step, int ValueEnd, int SkipEnd);
}
