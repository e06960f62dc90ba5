namespace Headroom.Ingest;

/// <summary>
/// Splits a byte stream into lines (LF or CRLF; the CR of CRLF removed) through a fixed-size read buffer,
/// so a line may span many reads. Each line carries its 1-based number, the byte offset of its start, and
/// whether a line break ended it (a last line without one is where a live run's writer may have stopped).
/// </summary>
/// <param name="stream">The bytes to split.</param>
/// <param name="bufferSize">Read buffer size.</param>
/// <param name="startOffset">The file offset of the stream's first byte (a window of a file), for line offsets.</param>
/// <param name="linesBefore">The lines of the file before the stream's first byte, for line numbers.</param>
internal sealed class LineReader(Stream stream, int bufferSize, long startOffset = 0, long linesBefore = 0)
{
    private readonly byte[] _buffer = new byte[Math.Max(1, bufferSize)];
    private byte[] _line = new byte[256];
    private int _lineLength;
    private int _position;
    private int _filled;
    private long _offset = startOffset;
    private bool _endOfStream;

    public long LineNumber { get; private set; } = linesBefore;

    /// <summary>Reads the next line; false at the end of the stream.</summary>
    public bool TryRead(out TextLine line)
    {
        _lineLength = 0;
        var start = _offset;
        while (true)
        {
            if (_position == _filled)
            {
                if (_endOfStream || !Fill())
                {
                    if (_lineLength == 0 && start == _offset)
                    {
                        line = default;
                        return false;
                    }

                    line = new TextLine(++LineNumber, start, _line.AsMemory(0, _lineLength), EndedWithNewline: false);
                    return true;
                }
            }

            var span = _buffer.AsSpan(_position, _filled - _position);
            var newline = span.IndexOf((byte)'\n');
            var take = newline < 0 ? span.Length : newline;
            Append(span[..take]);
            _position += take;
            _offset += take;
            if (newline >= 0)
            {
                _position++;
                _offset++;
                var length = _lineLength > 0 && _line[_lineLength - 1] == (byte)'\r' ? _lineLength - 1 : _lineLength;
                line = new TextLine(++LineNumber, start, _line.AsMemory(0, length), EndedWithNewline: true);
                return true;
            }
        }
    }

    private bool Fill()
    {
        _filled = stream.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        _endOfStream = _filled == 0;
        return !_endOfStream;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_lineLength + bytes.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_line.Length * 2, _lineLength + bytes.Length));
        }

        bytes.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += bytes.Length;
    }
}

/// <summary>One line of a text file as bytes (valid until the next read).</summary>
internal readonly record struct TextLine(long Number, long Offset, ReadOnlyMemory<byte> Bytes, bool EndedWithNewline);
