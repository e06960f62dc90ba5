using CsvHelper;

namespace Headroom.Ingest;

/// <summary>A generic CSV (or TSV, by extension) table read with the user's column mapping (CsvHelper, invariant culture).</summary>
internal sealed class GenericCsvReader : ILogReader, IStreamingReader
{
    public string Format => Formats.GenericCsv;

    public bool CanRead(string path)
        => File.Exists(path) && Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".tsv";

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options) => RunStreams.Materialize(sink => Stream(path, options, sink));

    public void Stream(string path, ReaderOptions options, IRunSink sink) => ReadRows(path, new GenericTable(Format, path, options, sink));

    /// <summary>The separator of a CSV or TSV file, by extension.</summary>
    internal static char Separator(string path) => Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';

    /// <summary>The header of a CSV or TSV file; empty when the file has none.</summary>
    internal static string[] Header(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096);
        using var csv = CsvReader.Create(stream, Options(path), false);
        return [.. csv.Headers];
    }

    /// <summary>Every row of the CSV or TSV file into <paramref name="table"/>, which then hands its runs to its sink.</summary>
    internal static void ReadRows(string path, GenericTable table)
    {
        var head = FilePeek.Head(path, 4096);
        if (head.Trim().Length == 0)
        {
            throw IngestException.EmptyFile(path);
        }

        if (head.IndexOf('\0') is var nul and >= 0)
        {
            throw IngestException.BinaryData(path, nul, 0);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096);
        using var csv = CsvReader.Create(stream, Options(path), false);
        try
        {
            var header = csv.Headers.ToArray();
            table.CheckHeader(header);
            // A name the header repeats is read from its first column.
            var distinct = header.Select((name, i) => (Name: name, Index: i)).GroupBy(p => p.Name).Select(g => g.First()).ToArray();
            var columns = distinct.Select(p => p.Name).ToArray();
            var positions = distinct.Select(p => p.Index).ToArray();
            Func<int, object?> cellAt = i => positions[i] < csv.FieldCount ? csv.GetString(positions[i]) : null;
            while (csv.Read())
            {
                table.AddRow(columns, cellAt, csv.LineNumber);
            }
        }
        catch (CsvFormatException exception)
        {
            throw IngestException.Malformed(path, csv.LineNumber, $"malformed CSV ({exception.Message.TrimEnd('.')})");
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw IngestException.Malformed(path, csv.LineNumber, "invalid UTF-8; the file is not text in UTF-8 (re-encode it)");
        }

        table.End("CSV");
    }

    private static CsvReaderOptions Options(string path) => new()
    {
        Separator = Separator(path),
        HasHeader = true,
        TrackLineNumbers = true,
        FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
    };
}
