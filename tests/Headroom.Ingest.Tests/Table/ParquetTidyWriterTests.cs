using System.Buffers.Binary;
using Parquet;
using Parquet.Schema;

namespace Headroom.Ingest.Tests.Table;

public sealed class ParquetTidyWriterTests
{
    // Small row groups keep the tests fast; the encoding does not depend on their size.
    private const int GroupRows = 4096;
    private const int Rows = (2 * GroupRows) + 7;

    private static readonly DataField<string> _run = new("run", nullable: false);
    private static readonly DataField<string> _format = new("format", nullable: false);
    private static readonly DataField<string> _path = new("path", nullable: false);
    private static readonly DataField<string> _key = new("key", nullable: false);
    private static readonly DataField<string> _canonical = new("canonical", nullable: true);
    private static readonly DataField<string> _benchmark = new("benchmark", nullable: true);
    private static readonly DataField<long> _step = new("step", nullable: false);
    private static readonly DataField<double> _value = new("value", nullable: false);
    private static readonly DataField<double?> _wallTime = new("wall_time", nullable: true);

    [Fact]
    public async Task A_table_of_three_row_groups_is_byte_for_byte_the_file_Parquet_Net_writes_alone()
    {
        // Given rows over two runs: 20 keys (some as distinct string objects of equal text), nulls, empty and non-ASCII
        // text, a benchmark only in the first row group, and a last row group of 7 rows and 7 keys (too many distinct
        // values for a dictionary: Parquet.Net writes it PLAIN)
        var rows = Table();

        // When the tidy writer writes them, and Parquet.Net alone does (one row group per GroupRows rows)
        var ours = await WriteAsync(rows, encoders: 2);
        var reference = await ReferenceAsync(rows);

        // Then the files are the same bytes
        Assert.Equal(3, await RowGroupsAsync(reference));
        Assert.Equal(reference.Length, ours.Length);
        Assert.True(reference.AsSpan().SequenceEqual(ours), "the tidy writer's file differs from Parquet.Net's");
    }

    [Fact]
    public async Task Rows_written_by_series_number_give_the_file_rows_written_as_text_give()
    {
        // Given the rows of three row groups, each series numbered when first met (and asked again with equal text)
        var rows = Table();

        // When written by series number and as text
        var stream = new MemoryStream();
        using (var writer = new ParquetTidyWriter(stream, 2, GroupRows))
        {
            var ids = new Dictionary<(string, string, string, string, string?, string?), int>();
            foreach (var r in rows)
            {
                var columns = (r.Run, r.Format, r.Path, r.Key, r.Canonical, r.Benchmark);
                if (!ids.TryGetValue(columns, out var id))
                {
                    id = ids[columns] = writer.Series(r.Run, r.Format, r.Path, r.Key, r.Canonical, r.Benchmark);
                    Assert.Equal(id, writer.Series(r.Run, r.Format, r.Path, new string(r.Key.AsSpan()), r.Canonical, r.Benchmark));
                }

                writer.Write(id, r.Step, r.Value, r.WallTime);
            }

            writer.Complete();
        }

        // Then the bytes are the same, and Parquet.Net's own
        var asText = await WriteAsync(rows, encoders: 1);
        var reference = await ReferenceAsync(rows);
        Assert.Equal(asText, stream.ToArray());
        Assert.Equal(reference, stream.ToArray());
    }

    [Fact]
    public async Task The_file_does_not_depend_on_how_many_row_groups_are_encoded_at_once()
    {
        // Given the rows of three row groups
        var rows = Table();

        // When written with one encoder and with three
        var one = await WriteAsync(rows, encoders: 1);
        var three = await WriteAsync(rows, encoders: 3);

        // Then the bytes are the same
        Assert.True(one.AsSpan().SequenceEqual(three));
    }

    [Fact]
    public async Task Parquet_Nets_reader_reads_every_row_back_in_the_order_written()
    {
        // Given the rows of three row groups, written by the tidy writer
        var rows = Table();
        var file = await WriteAsync(rows, encoders: 2);

        // When Parquet.Net's column reader reads every column of every row group
        var cancel = TestContext.Current.CancellationToken;
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(file), cancellationToken: cancel);
        var fields = reader.Schema.GetDataFields();
        var back = new List<Row>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var text = new string?[6][];
            for (var c = 0; c < 6; c++)
            {
                text[c] = new string?[n];
                await group.ReadAsync(fields[c], text[c].AsMemory(), null, cancel);
            }

            var steps = new long[n];
            var values = new double[n];
            var wallTimes = new double?[n];
            await group.ReadAsync(fields[6], steps.AsMemory(), null, cancel);
            await group.ReadAsync(fields[7], values.AsMemory(), null, cancel);
            await group.ReadAsync(fields[8], wallTimes.AsMemory(), null, cancel);
            back.AddRange(Enumerable.Range(0, n).Select(i => new Row(text[0][i]!, text[1][i]!, text[2][i]!, text[3][i]!, text[4][i], text[5][i], steps[i], values[i], wallTimes[i])));
        }

        // Then the rows are those written, in order
        Assert.Equal(rows.Count, back.Count);
        Assert.Equal(rows, back);
    }

    [Fact]
    public async Task An_empty_table_is_the_schema_alone_as_Parquet_Net_writes_it()
    {
        // Given no rows
        // When the tidy writer and Parquet.Net write a table
        var ours = await WriteAsync([], encoders: 2);
        var reference = await ReferenceAsync([]);

        // Then the files are the same bytes: nine columns, no row group
        Assert.True(reference.AsSpan().SequenceEqual(ours));
        Assert.Equal(0, await RowGroupsAsync(ours));
    }

    [Fact]
    public async Task A_footer_read_from_a_Parquet_Net_file_is_written_back_to_the_same_bytes()
    {
        // Given a file Parquet.Net wrote (three row groups, statistics, logical types)
        var file = await ReferenceAsync(Table());
        var length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(file), cancellationToken: TestContext.Current.CancellationToken);

        // When its footer, as read, is serialized
        var footer = ParquetFooter.Serialize(reader.Metadata!);

        // Then the bytes are the footer in the file
        Assert.True(file.AsSpan(file.Length - 8 - length, length).SequenceEqual(footer));
    }

    private static List<Row> Table()
    {
        var keys = Enumerable.Range(0, 20).Select(k => $"actor/metric_{k}").ToArray();
        var canonicals = Enumerable.Range(0, 20).Select(k => k % 3 == 0 ? null : k % 3 == 1 ? $"canonical_{k}" : string.Empty).ToArray();
        var rows = new List<Row>(Rows);
        for (var i = 0; i < Rows; i++)
        {
            var late = i >= Rows - 7;
            var k = late ? 100 + i : i % 20;
            var key = late ? $"late/key_{i}" : i % 7 == 0 ? new string(keys[k].AsSpan()) : keys[k];
            var (run, format, path) = i < Rows / 3 ? ("alpha", "tensorboard", "/runs/alpha/events.out.tfevents.1") : ("beta #2", "hf", "/runs/βeta/ünïcode/trainer_state.json");
            var benchmark = i < GroupRows && k == 19 ? "gsm8k" : null;
            var wallTime = i % 5 == 0 ? (double?)null : 1_752_749_475.0 + (i * 0.5);
            rows.Add(new Row(run, format, path, key, late ? null : canonicals[k], benchmark, i / 20, Math.Sin(i) * 1e3, wallTime));
        }

        return rows;
    }

    private static async Task<byte[]> WriteAsync(IReadOnlyList<Row> rows, int encoders)
    {
        var stream = new MemoryStream();
        using (var writer = new ParquetTidyWriter(stream, encoders, GroupRows))
        {
            foreach (var r in rows)
            {
                writer.Write(r.Run, r.Format, r.Path, r.Key, r.Canonical, r.Benchmark, r.Step, r.Value, r.WallTime);
            }

            writer.Complete();
        }

        await Task.CompletedTask;
        return stream.ToArray();
    }

    /// <summary>The table as Parquet.Net writes it on its own: text columns dictionary-encoded, Snappy.</summary>
    private static async Task<byte[]> ReferenceAsync(IReadOnlyList<Row> rows)
    {
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        foreach (var text in new[] { _run, _format, _path, _key, _canonical, _benchmark })
        {
            options.ColumnEncodingHints[text.Path.ToString()] = EncodingHint.Dictionary;
        }

        var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(_run, _format, _path, _key, _canonical, _benchmark, _step, _value, _wallTime), stream, options))
        {
            foreach (var chunk in rows.Chunk(GroupRows))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(_run, chunk.Select(r => r.Run).ToArray());
                await group.WriteAsync(_format, chunk.Select(r => r.Format).ToArray());
                await group.WriteAsync(_path, chunk.Select(r => r.Path).ToArray());
                await group.WriteAsync(_key, chunk.Select(r => r.Key).ToArray());
                await group.WriteAsync(_canonical, chunk.Select(r => r.Canonical).ToArray());
                await group.WriteAsync(_benchmark, chunk.Select(r => r.Benchmark).ToArray());
                await group.WriteAsync<long>(_step, chunk.Select(r => r.Step).ToArray());
                await group.WriteAsync<double>(_value, chunk.Select(r => r.Value).ToArray());
                await group.WriteAsync<double>(_wallTime, chunk.Select(r => r.WallTime).ToArray());
                group.CompleteValidate();
            }
        }

        return stream.ToArray();
    }

    private static async Task<int> RowGroupsAsync(byte[] file)
    {
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(file), cancellationToken: TestContext.Current.CancellationToken);
        return reader.RowGroupCount;
    }

    private sealed record Row(string Run, string Format, string Path, string Key, string? Canonical, string? Benchmark, long Step, double Value, double? WallTime);
}
