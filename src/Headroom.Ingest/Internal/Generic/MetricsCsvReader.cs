using System.Text.RegularExpressions;

namespace Headroom.Ingest;

/// <summary>
/// A CSV or TSV whose header says how to read it, without a column mapping: a scalar downloaded from TensorBoard's
/// web UI (<c>Wall time,Step,Value</c>, the tag in the file's name, <c>run-&lt;run&gt;-tag-&lt;tag&gt;.csv</c>) or a
/// metrics table with a step column and one column per metric, as PyTorch Lightning's CSVLogger writes
/// <c>metrics.csv</c> (<see cref="StepColumns"/>). W&amp;B's exports (a <c>_step</c> column, or <c>&lt;run&gt; - &lt;metric&gt;</c>
/// columns) are <see cref="WandbReader"/>'s; any other table needs <c>--step</c> (<see cref="GenericCsvReader"/>).
/// </summary>
internal sealed partial class MetricsCsvReader : ILogReader, IStreamingReader
{
    /// <summary>The step columns recognised, in order of preference when a header holds several.</summary>
    internal static readonly string[] StepColumns = ["step", "global_step", "Step", "train/global_step", "trainer/global_step", "iteration", "iter"];

    /// <summary>The wall-time columns recognised (seconds since the epoch, or a date and time).</summary>
    internal static readonly string[] WallTimeColumns = ["wall_time", "Wall time", "walltime", "timestamp"];

    private static readonly string[] _tensorBoardHeader = ["Wall time", "Step", "Value"];

    public string Format => Formats.MetricsCsv;

    public bool CanRead(string path)
    {
        if (!File.Exists(path) || Path.GetExtension(path).ToLowerInvariant() is not (".csv" or ".tsv"))
        {
            return false;
        }

        try
        {
            return Layout(GenericCsvReader.Header(path)) is not null;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // Detection never fails: a file the CSV parser cannot read is simply not such a table.
            return false;
        }
    }

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options) => RunStreams.Materialize(sink => Stream(path, options, sink));

    public void Stream(string path, ReaderOptions options, IRunSink sink)
    {
        string[] header;
        try
        {
            header = GenericCsvReader.Header(path);
        }
        catch (Exception e) when (e is CsvHelper.CsvFormatException or System.Text.DecoderFallbackException)
        {
            throw IngestException.Malformed(path, 1, "the header is not readable CSV");
        }

        if (FilePeek.Head(path, 4096).Trim().Length == 0)
        {
            throw IngestException.EmptyFile(path);
        }

        var layout = Layout(header) ?? throw NoStepColumn(path, header);
        var table = layout.IsTensorBoardExport
            ? TensorBoardExport(path, options, sink, layout.Columns)
            : new GenericTable(Format, path, options, sink, layout.Columns);
        GenericCsvReader.ReadRows(path, table);
    }

    private static IngestException NoStepColumn(string path, string[] header)
    {
        var separator = GenericCsvReader.Separator(path) == ',' ? "','" : "tabs";
        var oneColumn = header.Length == 1 && header[0].IndexOfAny([';', ',', '\t', '|']) >= 0
            ? $" (the header is one column '{header[0]}': this reader splits a {Path.GetExtension(path)} file at {separator})"
            : string.Empty;
        return IngestException.Malformed(path, 1, $"no step column ({string.Join(", ", StepColumns)}) in the header{oneColumn}; name it with --step and --format-hint {Formats.GenericCsv}");
    }

    /// <summary>The mapping a header implies, or null when it names no step column.</summary>
    internal static (TableColumns Columns, bool IsTensorBoardExport)? Layout(IReadOnlyList<string> header)
    {
        if (header.SequenceEqual(_tensorBoardHeader))
        {
            return (new TableColumns("Step", WallTime: "Wall time"), true);
        }

        var step = StepColumns.FirstOrDefault(header.Contains);
        var wall = WallTimeColumns.FirstOrDefault(header.Contains);
        if (step is null || header.All(column => column == step || column == wall || StepColumns.Contains(column)))
        {
            return null;
        }

        return (new TableColumns(step, WallTime: wall), false);
    }

    /// <summary>
    /// One TensorBoard scalar: its key the tag of the file's name (TensorBoard writes <c>/</c> in a tag as <c>_</c>
    /// there), its run the run of the name, else the folder's; a file named otherwise gives its own name as the key.
    /// </summary>
    private GenericTable TensorBoardExport(string path, ReaderOptions options, IRunSink sink, TableColumns columns)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var match = ExportName().Match(stem);
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? stem;
        var run = match.Success && match.Groups["run"].Value != "." ? match.Groups["run"].Value : folder;
        var tag = match.Success ? match.Groups["tag"].Value : stem;
        return new GenericTable(Format, path, options, sink, columns, run, column => column == "Value" ? tag : column);
    }

    [GeneratedRegex("^run[-_](?<run>.+?)-tag-(?<tag>.+)$")]
    private static partial Regex ExportName();
}
