using System.Buffers.Binary;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace Headroom.Ingest;

/// <summary>
/// The tidy table as Parquet, one row group per <see cref="RowGroupRows"/> rows. The text columns repeat a handful
/// of values and are dictionary-encoded (each row an index into the row group's few distinct values), Snappy throughout.
/// Parquet.Net's encoding of text is the cost of the table (its dictionary hashes every value), so full row groups are
/// encoded side by side, each by Parquet.Net into a file of its own in memory, and gathered in order: their column
/// chunks copied as they are, their footers merged (<see cref="ParquetFooter"/>). The bytes do not depend on how many
/// encode at once; memory holds the row group filling and at most <c>encoders</c> more.
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
    private static readonly ParquetOptions _options = Options();

    private readonly Stream _stream;
    private readonly int _encoders;
    private readonly Queue<Task<Part>> _encoding = new();
    private readonly Stack<RowGroup> _free = new();
    private readonly List<Parquet.Meta.RowGroup> _written = [];
    private FileMetaData? _footer;
    private RowGroup _filling = new();
    private bool _closed;

    /// <param name="stream">The file, written from its start.</param>
    /// <param name="encoders">Row groups encoded at once (the file is the same whatever it is).</param>
    public ParquetTidyWriter(Stream stream, int? encoders = null)
    {
        _stream = stream;
        _encoders = encoders ?? Math.Clamp(Environment.ProcessorCount, 1, 4);
    }

    public long Rows { get; private set; }

    public void Write(string run, string format, string path, string key, string? canonical, string? benchmark, long step, double value, double? wallTime)
    {
        var g = _filling;
        var i = g.Count++;
        g.Runs[i] = run.AsMemory();
        g.Formats[i] = format.AsMemory();
        g.Paths[i] = path.AsMemory();
        g.Keys[i] = key.AsMemory();
        g.Canonicals[i] = canonical?.AsMemory();
        g.Benchmarks[i] = benchmark?.AsMemory();
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
        while (_encoding.Count > 0)
        {
            Gather(_encoding.Dequeue().GetAwaiter().GetResult());
        }

        _closed = true;
        if (_footer is null)
        {
            // No rows: Parquet.Net writes the schema alone.
            ParquetWriter.CreateAsync(_schema, _stream, _options).GetAwaiter().GetResult().DisposeAsync().AsTask().GetAwaiter().GetResult();
            return;
        }

        _footer.RowGroups = _written;
        _footer.NumRows = Rows;
        var footer = ParquetFooter.Serialize(_footer);
        _stream.Write(footer);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, footer.Length);
        _stream.Write(length);
        _stream.Write(_magic);
        _stream.Flush();
    }

    public void Dispose()
    {
        if (!_closed)
        {
            // The table is being abandoned: let the encoders finish, their failures were (or will not be) reported.
            _closed = true;
            foreach (var part in _encoding)
            {
                part.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
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
        _encoding.Enqueue(Task.Run(() => Encode(full)));
        _filling = _free.Count > 0 ? _free.Pop() : new RowGroup();
        _filling.Count = 0;
    }

    /// <summary>Copies an encoded row group's column chunks to the file and keeps its footer entry, moved to where they now are.</summary>
    private void Gather(Part part)
    {
        _free.Push(part.Rows);
        if (_footer is null)
        {
            _footer = part.Footer;
            _stream.Write(_magic);
        }

        var group = part.Footer.RowGroups.Single();
        ParquetFooter.Shift(group, _stream.Position - _magic.Length);
        _written.Add(group);
        _stream.Write(part.File.AsSpan(_magic.Length, part.ChunksEnd - _magic.Length));
    }

    private static async Task<Part> Encode(RowGroup g)
    {
        var n = g.Count;
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(_schema, file, _options))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<ReadOnlyMemory<char>>(_run, g.Runs.AsMemory(0, n));
            await group.WriteAsync<ReadOnlyMemory<char>>(_format, g.Formats.AsMemory(0, n));
            await group.WriteAsync<ReadOnlyMemory<char>>(_path, g.Paths.AsMemory(0, n));
            await group.WriteAsync<ReadOnlyMemory<char>>(_key, g.Keys.AsMemory(0, n));
            await group.WriteAsync<ReadOnlyMemory<char>>(_canonical, g.Canonicals.AsMemory(0, n));
            await group.WriteAsync<ReadOnlyMemory<char>>(_benchmark, g.Benchmarks.AsMemory(0, n));
            await group.WriteAsync<long>(_step, g.Steps.AsMemory(0, n));
            await group.WriteAsync<double>(_value, g.Values.AsMemory(0, n));
            await group.WriteAsync<double>(_wallTime, g.WallTimes.AsMemory(0, n));
            group.CompleteValidate();
        }

        var bytes = file.ToArray();
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        file.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(file, _options, leaveStreamOpen: true);
        return new Part(g, bytes, bytes.Length - 8 - footerLength, reader.Metadata!);
    }

    private static ParquetOptions Options()
    {
        var options = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Snappy,

            // Parquet.Net keeps the page streams it frees for reuse, without a bound unless given one.
            MaximumSmallPoolFreeBytes = 16 << 20,
            MaximumLargePoolFreeBytes = 64 << 20,
        };
        foreach (var text in new[] { _run, _format, _path, _key, _canonical, _benchmark })
        {
            // Without the hint Parquet.Net writes these columns PLAIN, every row's text in full.
            options.ColumnEncodingHints[text.Path.ToString()] = EncodingHint.Dictionary;
        }

        return options;
    }

    /// <summary>A row group encoded as a file of its own: its bytes, where its column chunks end and its footer.</summary>
    private sealed record Part(RowGroup Rows, byte[] File, int ChunksEnd, FileMetaData Footer);

    /// <summary>The rows of one row group, column by column; text as Parquet.Net takes it, without a copy.</summary>
    private sealed class RowGroup
    {
        public int Count { get; set; }

        public ReadOnlyMemory<char>[] Runs { get; } = new ReadOnlyMemory<char>[RowGroupRows];

        public ReadOnlyMemory<char>[] Formats { get; } = new ReadOnlyMemory<char>[RowGroupRows];

        public ReadOnlyMemory<char>[] Paths { get; } = new ReadOnlyMemory<char>[RowGroupRows];

        public ReadOnlyMemory<char>[] Keys { get; } = new ReadOnlyMemory<char>[RowGroupRows];

        public ReadOnlyMemory<char>?[] Canonicals { get; } = new ReadOnlyMemory<char>?[RowGroupRows];

        public ReadOnlyMemory<char>?[] Benchmarks { get; } = new ReadOnlyMemory<char>?[RowGroupRows];

        public long[] Steps { get; } = new long[RowGroupRows];

        public double[] Values { get; } = new double[RowGroupRows];

        public double?[] WallTimes { get; } = new double?[RowGroupRows];
    }
}
