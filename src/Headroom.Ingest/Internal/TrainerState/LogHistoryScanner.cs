using System.Buffers;
using System.Runtime.CompilerServices;

namespace Headroom.Ingest;

/// <summary>
/// Reads a `log_history` array forward through one buffer, entry by entry, without a JSON tokenizer: each entry's
/// extent is found with vectorised searches (<see cref="JsonStructure.Close"/>) and the entry is read by hand
/// (<see cref="FlatEntry"/>), its keys matched as bytes, its numbers parsed straight into their values. An entry is
/// handed on only once what follows it is seen to be right (<c>,</c> and the next entry's <c>{</c>, or the closing
/// <c>]</c>); at anything else (a damaged or cut entry, a value that is not an object) the scan stops at the start of
/// that entry and says where, for the stream reader to take the file up there and read and report it as it always did.
/// A scan may also stop at the first entry that starts at or after a limit, to read a history in pieces
/// (<see cref="ChunkedLogHistory"/>); lines are counted from where the scan starts.
/// </summary>
internal sealed class LogHistoryScanner
{
    /// <summary>How far before its nominal start a piece's first entry may begin (the <c>}</c> and <c>,</c> before its <c>{</c>).</summary>
    public const int LookBack = 256;

    private readonly ReadAt _read;
    private readonly Utf8KeyTable _keys;
    private readonly TrainerStateEntry _entry = new();
    private readonly Func<long, long> _lineAt;
    private readonly long _firstLine;
    private byte[] _buffer;

    // The bytes of the buffer used: a pooled buffer may be larger than asked, and a piece reads only what it needs.
    private int _capacity;
    private bool _owned;
    private int _filled;
    private bool _final;

    // The file offset of the buffer's first byte; the newlines counted up to the byte at _counted, and where the
    // last of them ended its line (a file offset; valid once _newlineSeen).
    private long _bufferOffset;
    private int _counted;
    private long _newlines;
    private long _lineStart;
    private bool _newlineSeen;

    private LogHistoryScanner(ReadAt read, long offset, long firstLine, byte[] buffer, int capacity, bool owned, Utf8KeyTable keys)
    {
        _read = read;
        _keys = keys;
        _buffer = buffer;
        _capacity = Math.Min(capacity, buffer.Length);
        _owned = owned;
        _lineAt = LineAt;
        _bufferOffset = offset;
        _firstLine = firstLine;
    }

    /// <summary>Where the stream reader takes over: a file offset, its 1-based line, its 0-based byte in the line; the entries handed on before it.</summary>
    public readonly record struct Handover(long Offset, long Line, long ByteInLine, int Entries);

    /// <summary>
    /// Where a scan stopped: at file offset <see cref="Offset"/>, either the <c>{</c> of the first entry at or after
    /// the limit (<see cref="Reached"/>) or anything else (the closing <c>]</c>, a damaged or cut entry, the file's
    /// end); the entries handed on, the newlines between the scan's start and the offset, and the file offset where
    /// the last of them ended its line (-1 when none).
    /// </summary>
    public readonly record struct Stop(long Offset, bool Reached, int Entries, long Newlines, long LineStart)
    {
        /// <summary>The stop as a handover, for a scan that started at <paramref name="start"/>, 1-based line <paramref name="line"/> and 0-based byte <paramref name="byteInLine"/>.</summary>
        public Handover From(long start, long line, long byteInLine)
            => new(Offset, line + Newlines, LineStart >= 0 ? Offset - LineStart : byteInLine + (Offset - start), Entries);
    }

    /// <summary>
    /// Reads the history that starts at <paramref name="offset"/> (just after its <c>[</c>, at 1-based
    /// <paramref name="line"/> and 0-based <paramref name="byteInLine"/>) with a buffer of
    /// <paramref name="bufferBytes"/> (grown for an entry larger than it), handing each entry to
    /// <paramref name="onEntry"/>; the entry is reused, valid only during the call.
    /// </summary>
    public static Handover Read(ReadAt read, long offset, long line, long byteInLine, int bufferBytes, Utf8KeyTable keys, Action<TrainerStateEntry> onEntry)
    {
        var scanner = new LogHistoryScanner(read, offset, line, ArrayPool<byte>.Shared.Rent(bufferBytes), bufferBytes, owned: true, keys);
        try
        {
            scanner.Fill(0);
            return scanner.Scan(0, long.MaxValue, onEntry).From(offset, line, byteInLine);
        }
        finally
        {
            scanner.ReturnBuffer();
        }
    }

    /// <summary>
    /// Reads entries from the one whose <c>{</c> is at <paramref name="offset"/> (or from where the history starts,
    /// whitespace before its first entry allowed) up to the first that starts at or after <paramref name="limit"/>,
    /// into the first <paramref name="capacity"/> bytes of <paramref name="buffer"/> first (a larger buffer is rented
    /// when an entry does not fit). An entry's
    /// <see cref="TrainerStateEntry.Line"/> counts from <paramref name="line"/> at <paramref name="offset"/>.
    /// </summary>
    public static Stop ReadPiece(ReadAt read, long offset, long limit, byte[] buffer, int capacity, Utf8KeyTable keys, Action<TrainerStateEntry> onEntry, long line = 0)
    {
        var scanner = new LogHistoryScanner(read, offset, line, buffer, capacity, owned: false, keys);
        try
        {
            scanner.Fill(0);
            return scanner.Scan(0, limit, onEntry);
        }
        finally
        {
            scanner.ReturnBuffer();
        }
    }

    /// <summary>
    /// Like <see cref="ReadPiece"/> from a guess: the first <c>{</c> at or after <paramref name="nominal"/> that a
    /// <c>}</c> and a <c>,</c> come before (whitespace between) is taken for an entry's start. The guess is right when
    /// the piece before ends there; null when no such <c>{</c> is in the buffer's reach.
    /// </summary>
    public static (long Start, Stop Stop)? ReadGuessedPiece(ReadAt read, long from, long nominal, long limit, byte[] buffer, int capacity, Utf8KeyTable keys, Action<TrainerStateEntry> onEntry)
    {
        var scanner = new LogHistoryScanner(read, from, 0, buffer, capacity, owned: false, keys);
        try
        {
            scanner.Fill(0);
            var start = EntryStartAfter(scanner._buffer.AsSpan(0, scanner._filled), (int)(nominal - from));
            if (start < 0)
            {
                return null;
            }

            scanner._counted = start;
            return (from + start, scanner.Scan(start, limit, onEntry));
        }
        finally
        {
            scanner.ReturnBuffer();
        }
    }

    /// <summary>The index of the first <c>{</c> at or after <paramref name="from"/> that <c>}</c>, <c>,</c> come before (whitespace between); -1 when none.</summary>
    internal static int EntryStartAfter(ReadOnlySpan<byte> bytes, int from)
    {
        var i = from;
        while (i < bytes.Length)
        {
            var open = bytes[i..].IndexOf((byte)'{');
            if (open < 0)
            {
                return -1;
            }

            i += open;
            var comma = Before(bytes, i);
            if (comma >= 0 && bytes[comma] == (byte)',' && Before(bytes, comma) is var close and >= 0 && bytes[close] == (byte)'}')
            {
                return i;
            }

            i++;
        }

        return -1;

        static int Before(ReadOnlySpan<byte> bytes, int at) => bytes[..at].LastIndexOfAnyExcept(" \n\r\t"u8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Stop Scan(int next, long limit, Action<TrainerStateEntry> onEntry)
    {
        var entries = 0;

        // `next` is where an entry may start: just after the `[`, or after a `,` that a `{` follows.
        while (true)
        {
            var span = _buffer.AsSpan(0, _filled);
            var start = JsonStructure.SkipWhitespace(span, next);
            if (start == span.Length && Refill(ref next))
            {
                continue;
            }

            if (start == span.Length || span[start] != (byte)'{')
            {
                return At(start, entries, reached: false);
            }

            if (_bufferOffset + start >= limit)
            {
                return At(start, entries, reached: true);
            }

            var end = JsonStructure.Close(span, start);
            var after = end < 0 ? span.Length : JsonStructure.SkipWhitespace(span, end + 1);
            var following = after < span.Length && span[after] == (byte)',' ? JsonStructure.SkipWhitespace(span, after + 1) : after;
            if (following == span.Length && Refill(ref next))
            {
                continue;
            }

            _entry.Clear(_lineAt, _bufferOffset + start);
            var closes = end >= 0 && following < span.Length && (span[after] == (byte)']' || (span[after] == (byte)',' && span[following] == (byte)'{'));
            if (!closes || !FlatEntry.TryRead(span[start..(end + 1)], _keys, _entry))
            {
                return At(start, entries, reached: false);
            }

            entries++;
            onEntry(_entry);
            if (span[after] == (byte)']')
            {
                return At(after, entries, reached: false);
            }

            next = following;
        }
    }

    /// <summary>
    /// The line of the byte at file offset <paramref name="offset"/> in the buffer, at or after the last one asked about
    /// (newlines are counted in bulk, and for an entry only when its line is asked: it names the place of a fault).
    /// </summary>
    private long LineAt(long offset) => _firstLine + CountTo((int)(offset - _bufferOffset));

    /// <summary>The newlines from the scan's start to the byte at <paramref name="index"/> of the buffer (at or after the last asked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long CountTo(int index)
    {
        var span = _buffer.AsSpan(_counted, index - _counted);
        var newlines = span.Count((byte)'\n');
        if (newlines > 0)
        {
            _newlines += newlines;
            _lineStart = _bufferOffset + _counted + span.LastIndexOf((byte)'\n') + 1;
            _newlineSeen = true;
        }

        _counted = index;
        return _newlines;
    }

    private Stop At(int index, int entries, bool reached)
    {
        var newlines = CountTo(index);
        return new Stop(_bufferOffset + index, reached, entries, newlines, _newlineSeen ? _lineStart : -1);
    }

    /// <summary>
    /// Keeps the bytes from <paramref name="next"/> on, moved to the buffer's start (the buffer doubled when they fill
    /// it) and reads more after them; false at the end of the file.
    /// </summary>
    private bool Refill(ref int next)
    {
        if (_final)
        {
            return false;
        }

        CountTo(next);
        var kept = _filled - next;
        var source = _buffer;
        if (kept == _capacity)
        {
            _capacity *= 2;
            if (_capacity > _buffer.Length)
            {
                _buffer = ArrayPool<byte>.Shared.Rent(_capacity);
            }
        }

        source.AsSpan(next, kept).CopyTo(_buffer);
        if (source != _buffer)
        {
            if (_owned)
            {
                ArrayPool<byte>.Shared.Return(source);
            }

            _owned = true;
        }

        _bufferOffset += next;
        _counted = 0;
        next = 0;
        Fill(kept);
        return true;
    }

    private void Fill(int kept)
    {
        _filled = kept;
        while (_filled < _capacity)
        {
            var read = _read(_bufferOffset + _filled, _buffer.AsSpan(_filled, _capacity - _filled));
            if (read == 0)
            {
                _final = true;
                return;
            }

            _filled += read;
        }
    }

    private void ReturnBuffer()
    {
        if (_owned)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
