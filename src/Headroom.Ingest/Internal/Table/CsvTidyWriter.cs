using System.Globalization;
using System.Text;

namespace Headroom.Ingest;

/// <summary>The tidy table as CSV through a buffered writer: NaN and infinities as `NaN`, `inf`, `-inf`; null as an empty cell; text quoted when it must be.</summary>
internal sealed class CsvTidyWriter : ITidyWriter
{
    private readonly StreamWriter _writer;
    private readonly Dictionary<string, string> _quoted = new(StringComparer.Ordinal);
    private readonly char[] _number = new char[32];
    private readonly SeriesTable _series = new();

    public CsvTidyWriter(Stream stream)
    {
        _writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        _writer.Write(string.Join(',', TidyTable.Columns));
        _writer.Write('\n');
    }

    public long Rows { get; private set; }

    public int Series(string run, string format, string path, string key, string? canonical, string? benchmark)
        => _series.Add(run, format, path, key, canonical, benchmark);

    public void Write(int series, long step, double value, double? wallTime)
    {
        var c = _series[series];
        Write(c.Run, c.Format, c.Path, c.Key, c.Canonical, c.Benchmark, step, value, wallTime);
    }

    public void Write(string run, string format, string path, string key, string? canonical, string? benchmark, long step, double value, double? wallTime)
    {
        _writer.Write(Quote(run));
        _writer.Write(',');
        _writer.Write(Quote(format));
        _writer.Write(',');
        _writer.Write(Quote(path));
        _writer.Write(',');
        _writer.Write(Quote(key));
        _writer.Write(',');
        _writer.Write(Quote(canonical));
        _writer.Write(',');
        _writer.Write(Quote(benchmark));
        _writer.Write(',');
        WriteFormatted(step);
        _writer.Write(',');
        WriteNumber(value);
        _writer.Write(',');
        if (wallTime is { } w)
        {
            WriteNumber(w);
        }

        _writer.Write('\n');
        Rows++;
    }

    public void Complete() => _writer.Flush();

    public void Dispose() => _writer.Dispose();

    private void WriteNumber(double value)
    {
        switch (value)
        {
            case double.NaN:
                _writer.Write("NaN");
                break;
            case double.PositiveInfinity:
                _writer.Write("inf");
                break;
            case double.NegativeInfinity:
                _writer.Write("-inf");
                break;
            default:
                WriteFormatted(value);
                break;
        }
    }

    private void WriteFormatted<T>(T value)
        where T : ISpanFormattable
    {
        value.TryFormat(_number, out var written, typeof(T) == typeof(double) ? "R" : default, CultureInfo.InvariantCulture);
        _writer.Write(_number, 0, written);
    }

    private string Quote(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        if (_quoted.TryGetValue(text, out var quoted))
        {
            return quoted;
        }

        quoted = text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text.StartsWith(' ') || text.EndsWith(' ')
            ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : text;
        if (_quoted.Count < 1 << 16)
        {
            _quoted[text] = quoted;
        }

        return quoted;
    }
}
