using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>The tidy table as JSON lines through a buffered stream: NaN and infinities as null.</summary>
internal sealed class JsonlTidyWriter(Stream stream) : ITidyWriter
{
    private readonly BufferedStream _stream = new(stream, 1 << 16);
    private readonly Utf8JsonWriter _json = new(Stream.Null);

    private readonly SeriesTable _series = new();

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
        _json.Reset(_stream);
        _json.WriteStartObject();
        _json.WriteString("run", run);
        _json.WriteString("format", format);
        _json.WriteString("path", path);
        _json.WriteString("key", key);
        WriteStringOrNull("canonical", canonical);
        WriteStringOrNull("benchmark", benchmark);
        _json.WriteNumber("step", step);
        WriteNumberOrNull("value", value);
        WriteNumberOrNull("wall_time", wallTime);
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        Rows++;
    }

    public void Complete() => _stream.Flush();

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }

    private void WriteStringOrNull(string name, string? value)
    {
        if (value is null)
        {
            _json.WriteNull(name);
        }
        else
        {
            _json.WriteString(name, value);
        }
    }

    private void WriteNumberOrNull(string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            _json.WriteNumber(name, v);
        }
        else
        {
            _json.WriteNull(name);
        }
    }
}
