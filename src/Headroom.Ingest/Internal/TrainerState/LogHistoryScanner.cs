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
/// </summary>
internal sealed class LogHistoryScanner
{
    private readonly Stream _stream;
    private readonly Utf8KeyTable _keys;
    private readonly TrainerStateEntry _entry = new();
    private readonly Func<int, long> _lineAt;
    private byte[] _buffer;
    private int _filled;
    private bool _final;

    // The file offset of the buffer's first byte; the line of the byte at _counted and where that line starts.
    private long _bufferOffset;
    private int _counted;
    private long _line;
    private long _lineStart;

    // While no newline was met: the byte in the first line of the history's start (as the stream reader counts it).
    private readonly long _startOffset;
    private readonly long _startByteInLine;
    private bool _newlineSeen;

    private LogHistoryScanner(Stream stream, long offset, long line, long byteInLine, int bufferBytes, Utf8KeyTable keys)
    {
        _stream = stream;
        _keys = keys;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferBytes);
        _lineAt = LineAt;
        _bufferOffset = offset;
        _line = line;
        _startOffset = offset;
        _startByteInLine = byteInLine;
    }

    /// <summary>Where the stream reader takes over: a file offset, its 1-based line, its 0-based byte in the line; the entries handed on before it.</summary>
    public readonly record struct Handover(long Offset, long Line, long ByteInLine, int Entries);

    /// <summary>
    /// Reads the history that starts at <paramref name="offset"/> (just after its <c>[</c>, at 1-based
    /// <paramref name="line"/> and 0-based <paramref name="byteInLine"/>) with a buffer of
    /// <paramref name="bufferBytes"/> (grown for an entry larger than it), handing each entry to
    /// <paramref name="onEntry"/>; the entry is reused, valid only during the call.
    /// </summary>
    public static Handover Read(Stream stream, long offset, long line, long byteInLine, int bufferBytes, Utf8KeyTable keys, Action<TrainerStateEntry> onEntry)
    {
        var scanner = new LogHistoryScanner(stream, offset, line, byteInLine, bufferBytes, keys);
        try
        {
            return scanner.Scan(onEntry);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scanner._buffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Handover Scan(Action<TrainerStateEntry> onEntry)
    {
        _stream.Seek(_bufferOffset, SeekOrigin.Begin);
        Fill(0);
        var entries = 0;

        // `next` is where an entry may start: just after the `[`, or after a `,` that a `{` follows.
        var next = 0;
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
                return At(start, entries);
            }

            var end = JsonStructure.Close(span, start);
            var after = end < 0 ? span.Length : JsonStructure.SkipWhitespace(span, end + 1);
            var following = after < span.Length && span[after] == (byte)',' ? JsonStructure.SkipWhitespace(span, after + 1) : after;
            if (following == span.Length && Refill(ref next))
            {
                continue;
            }

            _entry.Clear(_lineAt, start);
            var closes = end >= 0 && following < span.Length && (span[after] == (byte)']' || (span[after] == (byte)',' && span[following] == (byte)'{'));
            if (!closes || !FlatEntry.TryRead(span[start..(end + 1)], _keys, _entry))
            {
                return At(start, entries);
            }

            entries++;
            onEntry(_entry);
            if (span[after] == (byte)']')
            {
                return At(after, entries);
            }

            next = following;
        }
    }

    /// <summary>
    /// The 1-based line of the byte at <paramref name="index"/> of the buffer, at or after the last one asked about
    /// (newlines are counted in bulk, and for an entry only when its line is asked: it names the place of a fault).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long LineAt(int index)
    {
        var span = _buffer.AsSpan(_counted, index - _counted);
        var newlines = span.Count((byte)'\n');
        if (newlines > 0)
        {
            _line += newlines;
            _lineStart = _bufferOffset + _counted + span.LastIndexOf((byte)'\n') + 1;
            _newlineSeen = true;
        }

        _counted = index;
        return _line;
    }

    private Handover At(int index, int entries)
    {
        var line = LineAt(index);
        var offset = _bufferOffset + index;
        return new Handover(offset, line, _newlineSeen ? offset - _lineStart : _startByteInLine + (offset - _startOffset), entries);
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

        LineAt(next);
        var kept = _filled - next;
        var source = _buffer;
        if (kept == _buffer.Length)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(2 * _buffer.Length);
        }

        source.AsSpan(next, kept).CopyTo(_buffer);
        if (source != _buffer)
        {
            ArrayPool<byte>.Shared.Return(source);
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
        while (_filled < _buffer.Length)
        {
            var read = _stream.Read(_buffer, _filled, _buffer.Length - _filled);
            if (read == 0)
            {
                _final = true;
                return;
            }

            _filled += read;
        }
    }
}
