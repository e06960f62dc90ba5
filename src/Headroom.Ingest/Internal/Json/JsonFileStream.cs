using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// A JSON file of any size read token by token with <see cref="Utf8JsonReader"/> through a buffer refilled as the
/// reader consumes it, so memory stays bounded; bare NaN/Infinity are quoted as they come in (see
/// <see cref="PythonJsonReader"/>). Knows the 1-based line of each token. Use: <c>var reader = file.Start();
/// while (file.Read(ref reader)) { ... }</c>; a reader's spans are valid until the next <see cref="Read"/>. A seekable
/// stream can be left to others and taken up again further on (<see cref="Resume"/>).
/// </summary>
internal sealed class JsonFileStream(Stream stream, int bufferSize, int maxDepth = 256)
{
    private readonly JsonReaderOptions _options = new() { MaxDepth = maxDepth };

    private byte[] _raw = new byte[Math.Max(bufferSize, 64)];
    private byte[] _quoted = [];
    private byte[] _view = [];
    private int _filled;
    private int _visible;
    private bool _endOfStream;
    private long _lines;
    private int _countedTo;
    private bool _refilled;

    // After a Resume: the reader's own 0-based line and byte-in-line where it took up again, and the file's.
    private (long ReaderLine, long ReaderByte, long Line, long Byte)? _resumedAt;

    /// <summary>The first reader over the file (no token read yet).</summary>
    public Utf8JsonReader Start()
    {
        Fill(0);
        if (_view.AsSpan(0, _visible).StartsWith(Utf8Text.Bom))
        {
            // A byte order mark is not JSON; skipping it keeps the lines and tokens the same.
            _view.AsSpan(3, _filled - 3).CopyTo(_view);
            _filled -= 3;
            _visible -= 3;
        }

        return Reader(new JsonReaderState(_options));
    }

    /// <summary>Reads the next token, refilling the buffer as needed; false at the end of the file.</summary>
    public bool Read(ref Utf8JsonReader reader) => _resumedAt is { } resumedAt ? ReadResumed(ref reader, resumedAt) : ReadOn(ref reader);

    /// <summary>
    /// Takes the file up again at byte <paramref name="offset"/> (a token boundary, outside any string, of 1-based
    /// line <paramref name="line"/> and 0-based byte <paramref name="byteInLine"/>) with a reader in
    /// <paramref name="state"/>, the state it had after its token at 0-based line <paramref name="stateLine"/> and
    /// byte <paramref name="stateByte"/>, as if the bytes between had been read by it. Errors keep naming the file's
    /// lines and bytes.
    /// </summary>
    public Utf8JsonReader Resume(long offset, long line, long byteInLine, JsonReaderState state, long stateLine, long stateByte)
    {
        stream.Seek(offset, SeekOrigin.Begin);
        _endOfStream = false;
        _refilled = true;
        Fill(0);
        _lines = line - 1;
        _countedTo = 0;
        _resumedAt = (stateLine, stateByte, line - 1, byteInLine);
        return Reader(state);
    }

    private bool ReadResumed(ref Utf8JsonReader reader, (long ReaderLine, long ReaderByte, long Line, long Byte) at)
    {
        try
        {
            return ReadOn(ref reader);
        }
        catch (JsonException exception) when (exception.LineNumber is { } line && exception.BytePositionInLine is { } inLine)
        {
            var sameLine = line == at.ReaderLine;
            var fileLine = at.Line + (line - at.ReaderLine);
            var fileByte = sameLine ? at.Byte + (inLine - at.ReaderByte) : inLine;
            var message = exception.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            message = $"{(cut < 0 ? message : message[..cut])} LineNumber: {fileLine} | BytePositionInLine: {fileByte}.";
            throw new JsonException(message, exception.Path, fileLine, fileByte, exception);
        }
    }

    private bool ReadOn(ref Utf8JsonReader reader)
    {
        while (!reader.Read())
        {
            if (reader.IsFinalBlock)
            {
                return false;
            }

            reader = Refill(reader);
        }

        return true;
    }

    /// <summary>Skips the value the reader stands on (an object or array with its contents; nothing for a scalar).</summary>
    public void Skip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = reader.CurrentDepth;
        while (Read(ref reader) && reader.CurrentDepth > depth)
        {
        }
    }

    /// <summary>
    /// The 0-based byte in its line just after the reader's current token, as the reader counts it (after a byte
    /// order mark is dropped and bare literals are quoted); null when the line started before the buffer.
    /// </summary>
    public long? ByteInLineAfter(in Utf8JsonReader reader)
    {
        var end = (int)reader.BytesConsumed;
        var lineStart = _view.AsSpan(0, end).LastIndexOf((byte)'\n') + 1;
        return lineStart == 0 && _refilled ? null : end - lineStart;
    }

    /// <summary>The 1-based line where the reader's current token starts.</summary>
    public long LineOf(in Utf8JsonReader reader)
    {
        var at = (int)reader.TokenStartIndex;
        if (at >= _countedTo)
        {
            _lines += _view.AsSpan(_countedTo, at - _countedTo).Count((byte)'\n');
            _countedTo = at;
            return _lines + 1;
        }

        return _lines - _view.AsSpan(at, _countedTo - at).Count((byte)'\n') + 1;
    }

    private Utf8JsonReader Refill(Utf8JsonReader reader)
    {
        _refilled = true;
        var consumed = (int)reader.BytesConsumed;
        _lines += _view.AsSpan(_countedTo, consumed - _countedTo).Count((byte)'\n');
        _countedTo = 0;
        var kept = _filled - consumed;
        var source = _view;
        if (kept > _raw.Length / 2)
        {
            // A token as large as half the buffer: room for it to complete.
            _raw = new byte[Math.Max(_raw.Length, kept) * 2];
        }

        source.AsSpan(consumed, kept).CopyTo(_raw);
        Fill(kept);
        return Reader(reader.CurrentState);
    }

    /// <summary>Fills the buffer after the first <paramref name="kept"/> bytes and decides how much the reader may see.</summary>
    private void Fill(int kept)
    {
        _filled = kept;
        while (!_endOfStream && _filled < _raw.Length)
        {
            var read = stream.Read(_raw, _filled, _raw.Length - _filled);
            _endOfStream = read == 0;
            _filled += read;
        }

        ReplaceInvalidUtf8();
        _view = _raw;
        _visible = _filled;
        var data = _raw.AsSpan(0, _filled);
        if (!NonFiniteLiterals.MayHold(data))
        {
            return;
        }

        // The kept bytes start at a token boundary, outside any string, so quoting starts there. A literal grows by
        // two bytes and is at least three long: twice the input is always room enough.
        if (_quoted.Length < 2 * _raw.Length)
        {
            _quoted = new byte[2 * _raw.Length];
        }

        var written = NonFiniteLiterals.Quote(data, ref _quoted, _endOfStream, out var used);
        data[used..].CopyTo(_quoted.AsSpan(written));
        _view = _quoted;
        _visible = written;
        _filled = written + (data.Length - used);
    }

    /// <summary>
    /// Replaces bytes that are not UTF-8 by U+FFFD, as a text decoder does (the reader of the file has counted them
    /// already), so that no string token fails to decode. A sequence the buffer cuts short waits for the next fill.
    /// </summary>
    private void ReplaceInvalidUtf8()
    {
        var data = _raw.AsSpan(0, _filled);
        var complete = _endOfStream ? data.Length : data.Length - Utf8Text.IncompleteTail(data);
        if (System.Text.Unicode.Utf8.IsValid(data[..complete]))
        {
            return;
        }

        var replaced = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(data[..complete]));
        var grown = new byte[Math.Max(_raw.Length, replaced.Length + data.Length - complete)];
        replaced.CopyTo(grown, 0);
        data[complete..].CopyTo(grown.AsSpan(replaced.Length));
        _raw = grown;
        _filled = replaced.Length + data.Length - complete;
    }

    private Utf8JsonReader Reader(JsonReaderState state)
        => new(_view.AsSpan(0, _visible), _endOfStream && _visible == _filled, state);
}
