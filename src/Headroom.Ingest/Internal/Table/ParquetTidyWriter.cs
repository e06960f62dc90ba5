using Parquet;
using Parquet.Schema;

namespace Headroom.Ingest;

/// <summary>
/// The tidy table as Parquet, one row group per <see cref="RowGroupRows"/> rows, so memory holds one row group at
/// most. The text columns repeat a handful of values, so Parquet.Net dictionary-encodes them (its threshold is met
/// by any column with fewer distinct values than rows, sampled per row group).
/// </summary>
internal sealed class ParquetTidyWriter : ITidyWriter
{
    public const int RowGroupRows = 1 << 20;

    private static readonly DataField<string> _run = new("run", nullable: false);
    private static readonly DataField<string> _format = new("format", nullable: false);
    private static readonly DataField<string> _path = new("path", nullable: false);
    private static readonly DataField<string> _key = new("key", nullable: false);
    private static readonly DataField<string> _canonical = new("canonical", nullable: true);
    private static readonly DataField<string> _benchmark = new("benchmark", nullable: true);
    private static readonly DataField<long> _step = new("step", nullable: false);
    private static readonly DataField<double> _value = new("value", nullable: false);
    private static readonly DataField<double?> _wallTime = new("wall_time", nullable: true);

    private readonly ParquetWriter _writer;
    private readonly string[] _runs = new string[RowGroupRows];
    private readonly string[] _formats = new string[RowGroupRows];
    private readonly string[] _paths = new string[RowGroupRows];
    private readonly string[] _keys = new string[RowGroupRows];
    private readonly string?[] _canonicals = new string?[RowGroupRows];
    private readonly string?[] _benchmarks = new string?[RowGroupRows];
    private readonly long[] _steps = new long[RowGroupRows];
    private readonly double[] _values = new double[RowGroupRows];
    private readonly double?[] _wallTimes = new double?[RowGroupRows];
    private int _buffered;
    private bool _closed;

    public ParquetTidyWriter(Stream stream)
    {
        var schema = new ParquetSchema(_run, _format, _path, _key, _canonical, _benchmark, _step, _value, _wallTime);
        _writer = ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }).GetAwaiter().GetResult();
    }

    public long Rows { get; private set; }

    public void Write(string run, string format, string path, string key, string? canonical, string? benchmark, long step, double value, double? wallTime)
    {
        var i = _buffered++;
        _runs[i] = run;
        _formats[i] = format;
        _paths[i] = path;
        _keys[i] = key;
        _canonicals[i] = canonical;
        _benchmarks[i] = benchmark;
        _steps[i] = step;
        _values[i] = value;
        _wallTimes[i] = wallTime;
        Rows++;
        if (_buffered == RowGroupRows)
        {
            Flush();
        }
    }

    public void Complete()
    {
        Flush();
        Dispose();
    }

    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private void Flush()
    {
        if (_buffered == 0)
        {
            return;
        }

        var n = _buffered;
        using (var group = _writer.CreateRowGroup())
        {
            group.WriteAsync(_run, new ArraySegment<string>(_runs, 0, n)).GetAwaiter().GetResult();
            group.WriteAsync(_format, new ArraySegment<string>(_formats, 0, n)).GetAwaiter().GetResult();
            group.WriteAsync(_path, new ArraySegment<string>(_paths, 0, n)).GetAwaiter().GetResult();
            group.WriteAsync(_key, new ArraySegment<string>(_keys, 0, n)).GetAwaiter().GetResult();
            group.WriteAsync(_canonical, new ArraySegment<string>(_canonicals!, 0, n)).GetAwaiter().GetResult();
            group.WriteAsync(_benchmark, new ArraySegment<string>(_benchmarks!, 0, n)).GetAwaiter().GetResult();
            group.WriteAsync(_step, new ReadOnlyMemory<long>(_steps, 0, n)).GetAwaiter().GetResult();
            group.WriteAsync(_value, new ReadOnlyMemory<double>(_values, 0, n)).GetAwaiter().GetResult();
            group.WriteAsync(_wallTime, new ReadOnlyMemory<double?>(_wallTimes, 0, n)).GetAwaiter().GetResult();
            group.CompleteValidate();
        }

        _buffered = 0;
    }
}
