using Parquet;
using Parquet.Schema;

namespace Headroom.Ingest;

/// <summary>
/// The history Parquet artifact W&amp;B keeps for each run (`&lt;run-id&gt;-history`, type
/// `wandb-history`), or a history saved with pandas: one row per history row, columns `_step`,
/// `_runtime`, `_timestamp` and the metrics. Null cells are values not logged at that step; NaN cells
/// are counted (see <see cref="WandbExport.NaNCellReason"/>); non-numeric columns are counted.
/// </summary>
internal static class WandbHistoryParquet
{
    public static IReadOnlyList<string> Columns(string path) => ColumnsAsync(path).GetAwaiter().GetResult();

    /// <summary>Streams the history into the sink, one row group in memory at a time.</summary>
    public static void Stream(string path, ReaderOptions options, string format, IRunSink sink)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        try
        {
            WandbRunBuilder.Stream(format, path, name, options, sink, builder =>
            {
                ReadIntoAsync(path, builder).GetAwaiter().GetResult();
                return name;
            });
        }
        catch (Exception e) when (e is not (IngestException or OutOfMemoryException or OperationCanceledException))
        {
            // Parquet.Net reports damaged files with several exception types (I/O, Thrift, format, range);
            // all of them mean the same thing to the user.
            throw IngestException.UnreadableParquet(path, e.Message.TrimEnd('.'), e);
        }
    }

    // Parquet.Net is asynchronous only; the readers of Headroom are synchronous, so these run to completion on the caller's thread.
    private static async Task<IReadOnlyList<string>> ColumnsAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        return reader.Schema.GetDataFields().Select(f => f.Name).ToArray();
    }

    private static async Task ReadIntoAsync(string path, WandbRunBuilder builder)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        var keys = fields.Select(f => builder.KeyId(f.Name)).ToArray();
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            var rows = checked((int)rowGroup.RowCount);
            var columns = new double?[fields.Length][];
            for (var c = 0; c < fields.Length; c++)
            {
                columns[c] = await ReadNumbersAsync(rowGroup, fields[c], rows) ?? SkipColumn(builder, path, fields[c], rows);
            }

            for (var row = 0; row < rows; row++)
            {
                for (var c = 0; c < fields.Length; c++)
                {
                    if (columns[c][row] is not { } value)
                    {
                        continue;
                    }

                    if (double.IsNaN(value))
                    {
                        builder.Skipped.Add(WandbExport.NaNCellReason, $"{path}: row {row}");
                    }
                    else
                    {
                        builder.Add(keys[c], value);
                    }
                }

                builder.EndRow();
            }
        }
    }

    private static double?[] SkipColumn(WandbRunBuilder builder, string path, DataField field, int rows)
    {
        builder.Skipped.Add($"non-numeric column in an export ({field.Name})", path, rows);
        return new double?[rows];
    }

    private static async Task<double?[]?> ReadNumbersAsync(ParquetRowGroupReader rowGroup, DataField field, int rows) => Type.GetTypeCode(field.ClrType) switch
    {
        TypeCode.Double => await ReadAsync<double>(rowGroup, field, rows, v => v),
        TypeCode.Single => await ReadAsync<float>(rowGroup, field, rows, v => v),
        TypeCode.Int64 => await ReadAsync<long>(rowGroup, field, rows, v => v),
        TypeCode.Int32 => await ReadAsync<int>(rowGroup, field, rows, v => v),
        TypeCode.Int16 => await ReadAsync<short>(rowGroup, field, rows, v => v),
        TypeCode.UInt32 => await ReadAsync<uint>(rowGroup, field, rows, v => v),
        TypeCode.UInt64 => await ReadAsync<ulong>(rowGroup, field, rows, v => v),
        TypeCode.Boolean => await ReadAsync<bool>(rowGroup, field, rows, v => v ? 1 : 0),
        _ => null,
    };

    private static async Task<double?[]> ReadAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int rows, Func<T, double> widen)
        where T : struct
    {
        var result = new double?[rows];
        if (field.IsNullable)
        {
            var values = new T?[rows];
            await rowGroup.ReadAsync(field, values.AsMemory(), null);
            for (var i = 0; i < rows; i++)
            {
                result[i] = values[i] is { } v ? widen(v) : null;
            }
        }
        else
        {
            var values = new T[rows];
            await rowGroup.ReadAsync(field, values.AsMemory(), null);
            for (var i = 0; i < rows; i++)
            {
                result[i] = widen(values[i]);
            }
        }

        return result;
    }
}
