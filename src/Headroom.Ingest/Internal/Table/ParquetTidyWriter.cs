using Parquet;
using Parquet.Schema;

namespace Headroom.Ingest;

/// <summary>
/// The tidy table as Parquet, one row group per <see cref="RowGroupRows"/> rows. The text columns repeat a handful
/// of values, so Parquet.Net dictionary-encodes them (its threshold is met by any column with far fewer distinct
/// values than rows). A full row group is encoded on another thread while the next one fills; memory holds two row
/// groups at most.
/// </summary>
internal sealed class ParquetTidyWriter : ITidyWriter
{
    public const int RowGroupRows = 1 << 18;

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
    private RowGroup _filling = new();
    private RowGroup _spare = new();
    private Task _encoding = Task.CompletedTask;
    private bool _closed;

    public ParquetTidyWriter(Stream stream)
    {
        var schema = new ParquetSchema(_run, _format, _path, _key, _canonical, _benchmark, _step, _value, _wallTime);
        _writer = ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }).GetAwaiter().GetResult();
    }

    public long Rows { get; private set; }

    public void Write(string run, string format, string path, string key, string? canonical, string? benchmark, long step, double value, double? wallTime)
    {
        var g = _filling;
        var i = g.Count++;
        g.Runs[i] = run;
        g.Formats[i] = format;
        g.Paths[i] = path;
        g.Keys[i] = key;
        g.Canonicals[i] = canonical;
        g.Benchmarks[i] = benchmark;
        g.Steps[i] = step;
        g.Values[i] = value;
        g.WallTimes[i] = wallTime;
        Rows++;
        if (g.Count == RowGroupRows)
        {
            Hand();
        }
    }

    public void Complete()
    {
        Hand();
        _encoding.GetAwaiter().GetResult();
        Dispose();
    }

    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            try
            {
                _encoding.Wait();
            }
            catch (AggregateException)
            {
                // The failure was reported by Complete, or the table is being abandoned.
            }

            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Starts encoding the filled row group (after the one before it is written) and fills the other.</summary>
    private void Hand()
    {
        if (_filling.Count == 0)
        {
            return;
        }

        _encoding.GetAwaiter().GetResult();
        var full = _filling;
        (_filling, _spare) = (_spare, full);
        _filling.Count = 0;
        _encoding = Task.Run(() => Encode(full));
    }

    private async Task Encode(RowGroup g)
    {
        var n = g.Count;
        using var group = _writer.CreateRowGroup();
        await group.WriteAsync(_run, new ArraySegment<string>(g.Runs, 0, n));
        await group.WriteAsync(_format, new ArraySegment<string>(g.Formats, 0, n));
        await group.WriteAsync(_path, new ArraySegment<string>(g.Paths, 0, n));
        await group.WriteAsync(_key, new ArraySegment<string>(g.Keys, 0, n));
        await group.WriteAsync(_canonical, new ArraySegment<string>(g.Canonicals!, 0, n));
        await group.WriteAsync(_benchmark, new ArraySegment<string>(g.Benchmarks!, 0, n));
        await group.WriteAsync(_step, new ReadOnlyMemory<long>(g.Steps, 0, n));
        await group.WriteAsync(_value, new ReadOnlyMemory<double>(g.Values, 0, n));
        await group.WriteAsync(_wallTime, new ReadOnlyMemory<double?>(g.WallTimes, 0, n));
        group.CompleteValidate();
    }

    private sealed class RowGroup
    {
        public int Count { get; set; }

        public string[] Runs { get; } = new string[RowGroupRows];

        public string[] Formats { get; } = new string[RowGroupRows];

        public string[] Paths { get; } = new string[RowGroupRows];

        public string[] Keys { get; } = new string[RowGroupRows];

        public string?[] Canonicals { get; } = new string?[RowGroupRows];

        public string?[] Benchmarks { get; } = new string?[RowGroupRows];

        public long[] Steps { get; } = new long[RowGroupRows];

        public double[] Values { get; } = new double[RowGroupRows];

        public double?[] WallTimes { get; } = new double?[RowGroupRows];
    }
}
