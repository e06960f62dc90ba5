using System.Globalization;
using CsvHelper;

namespace Headroom.Ingest;

/// <summary>
/// W&amp;B exports: a history export (`run.history()` / `scan_history()` saved as CSV, or the
/// history Parquet artifact) has a `_step` column; a UI panel export has an x-axis column such as
/// `Step` and `&lt;run&gt; - &lt;metric&gt;` columns (see <see cref="WandbPanelCsv"/>).
/// </summary>
internal static class WandbExport
{
    internal const string NaNCellReason = "NaN cell in an export (a logged NaN and a value not logged at that step look alike there)";

    /// <summary>True for a CSV or Parquet file whose columns look like a W&amp;B export.</summary>
    public static bool IsExport(string path)
    {
        try
        {
            if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            {
                return WandbHistoryParquet.Columns(path).Contains("_step");
            }

            if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var header = Header(path);
            return header.Contains("_step") || WandbPanelCsv.IsPanelHeader(header);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // Detection must never fail: a file the CSV or Parquet parser cannot read is simply not an export.
            return false;
        }
    }

    public static IReadOnlyList<RunLog> Read(string path, ReaderOptions options, string format)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return RunStreams.Materialize(sink => WandbHistoryParquet.Stream(path, options, format, sink));
        }

        try
        {
            var header = Header(path);
            return header.Contains("_step") ? RunStreams.Materialize(sink => StreamHistoryCsv(path, options, format, sink)) : WandbPanelCsv.Read(path, options, format);
        }
        catch (CsvFormatException e)
        {
            throw IngestException.UnreadableCsv(path, e.ByteOffset, e.Message.TrimEnd('.'), e);
        }
    }

    internal static string[] Header(string path)
    {
        using var csv = Open(path);
        return [.. csv.Headers];
    }

    internal static CsvReader Open(string path) => CsvReader.FromFile(path, new CsvReaderOptions { TrackLineNumbers = true });

    internal static string[] Cells(CsvReader csv)
    {
        var cells = new string[csv.FieldCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = csv.GetString(i);
        }

        return cells;
    }

    /// <summary>True for a history export (a `_step` column) in CSV or Parquet, which <see cref="StreamHistory"/> streams.</summary>
    public static bool IsHistory(string path)
    {
        try
        {
            return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
                ? WandbHistoryParquet.Columns(path).Contains("_step")
                : path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && Header(path).Contains("_step");
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            return false;
        }
    }

    /// <summary>A history export (<see cref="IsHistory"/>), row by row into the sink.</summary>
    public static void StreamHistory(string path, ReaderOptions options, string format, IRunSink sink)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            WandbHistoryParquet.Stream(path, options, format, sink);
        }
        else
        {
            StreamHistoryCsv(path, options, format, sink);
        }
    }

    /// <summary>A history export in CSV (pandas writes an unnamed index column first; it is ignored), row by row into the sink.</summary>
    private static void StreamHistoryCsv(string path, ReaderOptions options, string format, IRunSink sink)
    {
        try
        {
            var name = Path.GetFileNameWithoutExtension(path);
            WandbRunBuilder.Stream(format, path, name, options, sink, builder => ReadHistoryCsv(path, builder, name));
        }
        catch (CsvFormatException e)
        {
            throw IngestException.UnreadableCsv(path, e.ByteOffset, e.Message.TrimEnd('.'), e);
        }
    }

    private static string ReadHistoryCsv(string path, WandbRunBuilder builder, string name)
    {
        using var csv = Open(path);
        var keys = csv.Headers.Select(name => name.Length == 0 ? -1 : builder.KeyId(name)).ToArray();
        while (csv.Read())
        {
            var cells = Cells(csv);
            var line = csv.LineNumber;
            for (var i = 0; i < Math.Min(cells.Length, keys.Length); i++)
            {
                if (keys[i] >= 0)
                {
                    AddCell(builder, keys[i], cells[i], path, line);
                }
            }

            builder.EndRow();
        }

        return name;
    }

    /// <summary>Adds one CSV cell: empty means not logged; NaN is counted (see <see cref="NaNCellReason"/>); text is counted.</summary>
    internal static void AddCell(WandbRunBuilder builder, int key, string cell, string path, long line)
    {
        if (cell.Length == 0)
        {
            return;
        }

        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            builder.Skipped.Add("non-numeric cell in an export", $"{path}: line {line}");
        }
        else if (double.IsNaN(value))
        {
            builder.Skipped.Add(NaNCellReason, $"{path}: line {line}");
        }
        else
        {
            builder.Add(key, value);
        }
    }
}
