using Parquet;
using Parquet.Serialization;

namespace Headroom.Ingest;

/// <summary>
/// A generic Parquet table (e.g. a W&amp;B history artifact) read with the user's column mapping, one row group
/// at a time (Parquet.Net, fully managed).
/// </summary>
internal sealed class GenericParquetReader : ILogReader, IStreamingReader
{
    private static readonly byte[] _magic = "PAR1"u8.ToArray();

    public string Format => Formats.GenericParquet;

    public bool CanRead(string path)
        => File.Exists(path) && Path.GetExtension(path).Equals(".parquet", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options) => RunStreams.Materialize(sink => Stream(path, options, sink));

    public void Stream(string path, ReaderOptions options, IRunSink sink)
    {
        var table = new GenericTable(Format, path, options, sink, rowWord: "row");
        using var stream = File.OpenRead(path);
        if (stream.Length == 0)
        {
            throw IngestException.EmptyFile(path);
        }

        var head = new byte[4];
        if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || !head.AsSpan().SequenceEqual(_magic))
        {
            throw IngestException.MalformedBinary(path, 0, "not a Parquet file (no 'PAR1' magic)");
        }

        stream.Position = 0;
        try
        {
            ReadRowsAsync(stream, table, path).GetAwaiter().GetResult();
        }
        catch (IOException exception)
        {
            throw IngestException.MalformedBinary(path, 0, $"the Parquet file cannot be read ({exception.Message.TrimEnd('.')})");
        }
        catch (InvalidDataException exception)
        {
            throw IngestException.MalformedBinary(path, 0, $"the Parquet file cannot be read ({exception.Message.TrimEnd('.')})");
        }

        table.End("Parquet");
    }

    private static async Task ReadRowsAsync(Stream stream, GenericTable table, string path)
    {
        int groups;
        string[] columns;
        await using (var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true).ConfigureAwait(false))
        {
            groups = reader.RowGroupCount;
            columns = [.. reader.Schema.GetDataFields().Select(f => f.Name)];
            table.CheckHeader(columns);
        }

        long row = 0;
        for (var group = 0; group < groups; group++)
        {
            stream.Position = 0;
            var result = await ParquetSerializer.DeserializeUntypedAsync(stream, null, group).ConfigureAwait(false);
            foreach (var data in result.Data)
            {
                row++;
                table.AddRow(columns, i => data.TryGetValue(columns[i], out var value) ? value : null, row);
            }
        }
    }
}
