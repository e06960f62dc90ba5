using System.Buffers.Binary;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace Headroom.Ingest;

/// <summary>
/// The tidy table as Parquet, one row group per <see cref="RowGroupRows"/> rows. The text columns repeat a handful
/// of values and are dictionary-encoded (each row an index into the row group's few distinct values), Snappy throughout.
/// A row is kept as the number of its series (<see cref="SeriesTable"/>: the six text columns a run's key shares) and its
/// numbers; the text chunks are written from the series by <see cref="TextColumnChunk"/> (as Parquet.Net writes them,
/// without a string per value), the numbers by Parquet.Net into a file of their own in memory; full row groups are
/// encoded side by side and gathered in order, their column chunks copied as they are and the footer written by
/// <see cref="ParquetFooter"/>.
/// The file is the one Parquet.Net writes on its own, byte for byte, however many row groups are encoded at once;
/// memory holds the row group filling and at most <c>encoders</c> more.
/// </summary>
internal sealed class ParquetTidyWriter : ITidyWriter
{
    public const int RowGroupRows = 1 << 18;

    private static readonly byte[] _magic = "PAR1"u8.ToArray();
    private static readonly DataField<string> _run = new("run", nullable: false);
    private static readonly DataField<string> _format = new("format", nullable: false);
    private static readonly DataField<string> _path = new("path", nullable: false);
    private static readonly DataField<string> _key = new("key", nullable: false);
    private static readonly DataField<string> _canonical = new("canonical", nullable: true);
    private static readonly DataField<string> _benchmark = new("benchmark", nullable: true);
    private static readonly DataField<long> _step = new("step", nullable: false);
    private static readonly DataField<double> _value = new("value", nullable: false);
    private static readonly DataField<double?> _wallTime = new("wall_time", nullable: true);
    private static readonly ParquetSchema _schema = new(_run, _format, _path, _key, _canonical, _benchmark, _step, _value, _wallTime);
    private static readonly ParquetSchema _numbers = new(_step, _value, _wallTime);
    private static readonly ParquetOptions _options = new()
    {
        CompressionMethod = CompressionMethod.Snappy,

        // Parquet.Net keeps the page streams it frees for reuse, without a bound unless given one.
        MaximumSmallPoolFreeBytes = 16 << 20,
        MaximumLargePoolFreeBytes = 64 << 20,
    };

    private readonly Stream _stream;
    private readonly int _encoders;
    private readonly Queue<Task<Part>> _encoding = new();
    private readonly Queue<Task> _writing = new();
    private Task _lastWrite = Task.CompletedTask;
    private readonly Stack<RowGroup> _free = new();
    private readonly List<Parquet.Meta.RowGroup> _written = [];
    private readonly FileMetaData _footer;
    private readonly int _rowGroupRows;
    private readonly SeriesTable _series = new();
    private RowGroup _filling;
    private long _position;
    private bool _closed;

    /// <param name="stream">The file, written from its start.</param>
    /// <param name="encoders">Row groups encoded at once (the file is the same whatever it is).</param>
    /// <param name="rowGroupRows">Rows per row group.</param>
    public ParquetTidyWriter(Stream stream, int? encoders = null, int rowGroupRows = RowGroupRows)
    {
        _stream = stream;
        _rowGroupRows = rowGroupRows;
        _filling = new RowGroup(rowGroupRows);
        _encoders = encoders ?? Math.Clamp(Environment.ProcessorCount, 1, 4);
        _footer = Footer(_schema, new MemoryStream()).GetAwaiter().GetResult().Footer;
        Append(_magic);
    }

    public long Rows { get; private set; }

    public void Write(string run, string format, string path, string key, string? canonical, string? benchmark, long step, double value, double? wallTime)
        => Write(_series.Add(run, format, path, key, canonical, benchmark), step, value, wallTime);

    public int Series(string run, string format, string path, string key, string? canonical, string? benchmark)
        => _series.Add(run, format, path, key, canonical, benchmark);

    public void Write(int series, long step, double value, double? wallTime)
    {
        var g = _filling;
        var i = g.Count++;
        g.Series[i] = series;
        g.Steps[i] = step;
        g.Values[i] = value;
        g.WallTimes[i] = wallTime;
        Rows++;
        if (g.Count == _rowGroupRows)
        {
            Hand();
        }
    }

    public void Complete()
    {
        Hand();
        while (_encoding.Count > 0)
        {
            Gather(_encoding.Dequeue().GetAwaiter().GetResult());
        }

        while (_writing.Count > 0)
        {
            _writing.Dequeue().GetAwaiter().GetResult();
        }

        _closed = true;
        _footer.RowGroups = _written;
        _footer.NumRows = Rows;
        var footer = ParquetFooter.Serialize(_footer);
        Append(footer);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, footer.Length);
        Append(length);
        Append(_magic);
        _stream.Flush();
    }

    public void Dispose()
    {
        if (!_closed)
        {
            // The table is being abandoned: let the encoders finish, their failures were (or will not be) reported.
            _closed = true;
            foreach (var task in _encoding.Concat<Task>(_writing))
            {
                task.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
            }
        }
    }

    /// <summary>Starts encoding the filled row group, first gathering the oldest when as many as allowed are encoding.</summary>
    private void Hand()
    {
        if (_filling.Count == 0)
        {
            return;
        }

        if (_encoding.Count == _encoders)
        {
            Gather(_encoding.Dequeue().GetAwaiter().GetResult());
        }

        var full = _filling;
        full.Table = _series.Snapshot;
        _encoding.Enqueue(Task.Run(() => Encode(full)));
        _filling = _free.Count > 0 ? _free.Pop() : new RowGroup(_rowGroupRows);
        _filling.Count = 0;
    }

    /// <summary>
    /// Keeps an encoded row group's footer entry, moved to where its column chunks go in the file, and has the chunks
    /// written there on another thread (in order, after the row groups before; at most <c>encoders</c> waiting), so that
    /// copying them into the file takes no time from the rows coming in.
    /// </summary>
    private void Gather(Part part)
    {
        _free.Push(part.Rows);
        ParquetFooter.Shift(part.Group, _position);
        _written.Add(part.Group);
        _position += part.Chunks.Length;
        if (_writing.Count == _encoders)
        {
            _writing.Dequeue().GetAwaiter().GetResult();
        }

        var before = _lastWrite;
        _lastWrite = Task.Run(async () =>
        {
            await before;
            _stream.Write(part.Chunks);
        });
        _writing.Enqueue(_lastWrite);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _position += bytes.Length;
    }

    /// <summary>Encodes a row group's column chunks, with their footer entry as if the chunks began the file.</summary>
    private static async Task<Part> Encode(RowGroup g)
    {
        var n = g.Count;
        using var chunks = new MemoryStream();
        var rows = g.Series.AsSpan(0, n);
        List<ColumnChunk> columns =
        [
            TextColumnChunk.Write(chunks, _run.Name, rows, g.Table, static s => s.Run, nullable: false),
            TextColumnChunk.Write(chunks, _format.Name, rows, g.Table, static s => s.Format, nullable: false),
            TextColumnChunk.Write(chunks, _path.Name, rows, g.Table, static s => s.Path, nullable: false),
            TextColumnChunk.Write(chunks, _key.Name, rows, g.Table, static s => s.Key, nullable: false),
            TextColumnChunk.Write(chunks, _canonical.Name, rows, g.Table, static s => s.Canonical, nullable: true),
            TextColumnChunk.Write(chunks, _benchmark.Name, rows, g.Table, static s => s.Benchmark, nullable: true),
        ];

        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(_numbers, file, _options))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(_step, g.Steps.AsMemory(0, n));
            await group.WriteAsync<double>(_value, g.Values.AsMemory(0, n));
            await group.WriteAsync<double>(_wallTime, g.WallTimes.AsMemory(0, n));
            group.CompleteValidate();
        }

        var (numbers, end) = await Footer(_numbers, file);
        var numberChunks = numbers.RowGroups.Single();
        ParquetFooter.Shift(numberChunks, chunks.Position - _magic.Length);
        chunks.Write(file.GetBuffer().AsSpan(_magic.Length, end - _magic.Length));
        columns.AddRange(numberChunks.Columns);
        var rowGroup = new Parquet.Meta.RowGroup
        {
            Columns = columns,
            NumRows = n,
            TotalByteSize = columns.Sum(c => c.MetaData!.TotalUncompressedSize),
            TotalCompressedSize = columns.Sum(c => c.MetaData!.TotalCompressedSize),
        };
        return new Part(g, chunks.ToArray(), rowGroup);
    }

    /// <summary>The footer Parquet.Net wrote into <paramref name="file"/> (an empty file of <paramref name="schema"/> when empty), and where it begins.</summary>
    private static async Task<(FileMetaData Footer, int Start)> Footer(ParquetSchema schema, MemoryStream file)
    {
        if (file.Length == 0)
        {
            await (await ParquetWriter.CreateAsync(schema, file, _options)).DisposeAsync();
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(file.GetBuffer().AsSpan((int)file.Length - 8));
        file.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(file, _options, leaveStreamOpen: true);
        return (reader.Metadata!, (int)file.Length - 8 - footerLength);
    }

    /// <summary>An encoded row group: its column chunks and their footer entry, offsets counted from the first chunk.</summary>
    private sealed record Part(RowGroup Rows, byte[] Chunks, Parquet.Meta.RowGroup Group);

    /// <summary>The rows of one row group, column by column.</summary>
    private sealed class RowGroup(int capacity)
    {
        public int Count { get; set; }

        /// <summary>The series of each row, numbers into <see cref="Table"/>.</summary>
        public int[] Series { get; } = new int[capacity];

        /// <summary>The writer's series when the group was handed to be encoded.</summary>
        public SeriesColumns[] Table { get; set; } = [];

        public long[] Steps { get; } = new long[capacity];

        public double[] Values { get; } = new double[capacity];

        public double?[] WallTimes { get; } = new double?[capacity];
    }
}
