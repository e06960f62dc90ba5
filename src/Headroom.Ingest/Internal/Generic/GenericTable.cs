using System.Globalization;

namespace Headroom.Ingest;

/// <summary>
/// Turns the rows of a generic table into runs with the user's column mapping (<see cref="TableColumns"/>):
/// the step column, an optional wall-time column (seconds, or a date and time → Unix seconds), an optional run
/// column splitting the table into runs, and either a wide layout (every other column is a metric; empty cells
/// and text are counted) or a long layout (a key column and a value column). Each run goes to the sink as its rows
/// come (<see cref="IRunSink"/>), so a table of any size is never held whole; its runs are handed back in the order
/// they first appeared when the table ends (<see cref="End"/>).
/// </summary>
internal sealed class GenericTable
{
    private readonly string _format;
    private readonly string _path;
    private readonly ReaderOptions _options;
    private readonly TableColumns _columns;
    private readonly IRunSink _sink;
    private readonly Dictionary<string, RunBuilder> _runs = new(StringComparer.Ordinal);
    private readonly List<RunBuilder> _order = [];
    private readonly string _runName;
    private readonly Func<string, string> _keyOf;
    private readonly string _rowWord;
    private RowLayout? _layout;

    /// <summary>
    /// A table read with the user's mapping (<see cref="ReaderOptions.Table"/>); <paramref name="rowWord"/> is what a
    /// row's number counts in messages: "line" (text), "row" (Parquet).
    /// </summary>
    public GenericTable(string format, string path, ReaderOptions options, IRunSink sink, string rowWord = "line")
        : this(format, path, options, sink, options.Table ?? throw IngestException.BadMapping($"{path} is a generic table: name its step column with --step"))
    {
        _rowWord = rowWord;
    }

    /// <summary>
    /// A table read with a mapping recognised from its header (<see cref="MetricsCsvReader"/>); a run without a run
    /// column is called <paramref name="runName"/> (default: the file's name), a wide column's key is
    /// <paramref name="keyOf"/> of its name (default: the name).
    /// </summary>
    public GenericTable(string format, string path, ReaderOptions options, IRunSink sink, TableColumns columns, string? runName = null, Func<string, string>? keyOf = null)
    {
        _sink = sink;
        _format = format;
        _path = path;
        _options = options;
        _columns = columns;
        _runName = runName ?? Path.GetFileNameWithoutExtension(path);
        _keyOf = keyOf ?? (column => column);
        _rowWord = "line";
        if (_columns.Key is null != (_columns.Value is null))
        {
            throw IngestException.BadMapping("a long layout needs both --key and --value");
        }
    }

    /// <summary>Checks that every column the mapping names is in the header.</summary>
    public void CheckHeader(IReadOnlyCollection<string> header)
    {
        foreach (var column in new[] { _columns.Step, _columns.WallTime, _columns.Run, _columns.Key, _columns.Value }.OfType<string>())
        {
            if (!header.Contains(column))
            {
                throw IngestException.MissingColumn(_path, column, header);
            }
        }
    }

    /// <summary>
    /// Adds one row of <paramref name="columns"/> (distinct names), <paramref name="cellAt"/>(i) giving the value of
    /// columns[i] (a string, a number, a date, or null), at <paramref name="line"/> (a line, or a row of a Parquet
    /// file, as the table was made to say). A table repeats its columns row after row: what they mean is worked out
    /// once for them (<see cref="RowLayout"/>), and a cell costs an array lookup.
    /// </summary>
    public void AddRow(IReadOnlyList<string> columns, Func<int, object?> cellAt, long line)
    {
        var layout = LayoutOf(columns);
        var runName = _columns.Run is null ? _runName : Text(layout.Run >= 0 ? cellAt(layout.Run) : null) ?? string.Empty;
        if (!_runs.TryGetValue(runName, out var run))
        {
            run = _sink.Begin(_format, _path, runName, _options);
            run.Metadata["step_column"] = _columns.Step;
            _runs[runName] = run;
            _order.Add(run);
        }

        var stepCell = layout.Step >= 0 ? cellAt(layout.Step) : null;
        if (!TryNumber(stepCell, out var stepValue) || !Numbers.TryStep(stepValue, out var step))
        {
            var shown = Text(stepCell) ?? "empty";
            run.Fault($"row without an integral step in '{_columns.Step}'", Location(line),
                () => IngestException.Malformed(_path, line, $"the step column '{_columns.Step}' holds '{shown}', not an integral number"));
            return;
        }

        double? wall = null;
        if (_columns.WallTime is { } wallColumn)
        {
            wall = WallTime(layout.WallTime >= 0 ? cellAt(layout.WallTime) : null);
            if (wall is null)
            {
                run.SkipAt($"row without a readable wall time in '{wallColumn}'", _path, _rowWord, line);
            }
        }

        if (_columns.Key is { } keyColumn)
        {
            var key = Text(layout.Key >= 0 ? cellAt(layout.Key) : null);
            if (string.IsNullOrEmpty(key))
            {
                run.SkipAt($"row without a key in '{keyColumn}'", _path, _rowWord, line);
                return;
            }

            var id = -1;
            AddCell(run, ref id, key, $"empty cell in '{key}'", $"non-numeric value of '{key}'", layout.Value >= 0 ? cellAt(layout.Value) : null, step, wall, line);
            return;
        }

        var ids = layout.IdsOf(run);
        for (var m = 0; m < layout.Metrics.Length; m++)
        {
            AddCell(run, ref ids[m], layout.Keys[m], layout.EmptyReasons[m], layout.TextReasons[m], cellAt(layout.Metrics[m]), step, wall, line);
        }
    }

    /// <summary>
    /// Hands every run back to the sink, each first given <paramref name="before"/> (what was skipped outside any run,
    /// e.g. unreadable lines) ahead of its own skips; a table without a single value is an error and hands back none.
    /// </summary>
    public void End(string what, SkipTally? before = null)
    {
        if (_order.Count == 0 || _order.All(run => !run.HasValues))
        {
            throw IngestException.NoRecords(_path, $"no {what} row with a step and a value");
        }

        foreach (var run in _order)
        {
            if (before is not null)
            {
                run.Skipped.PutFirst(before);
            }

            _sink.End(run);
        }
    }

    /// <summary>Adds one cell of <paramref name="key"/>, whose id (-1 until it has a number) is asked of the run on its first number.</summary>
    private void AddCell(RunBuilder run, ref int id, string key, string emptyReason, string textReason, object? value, long step, double? wall, long line)
    {
        if (value is null || (value is string s && string.IsNullOrWhiteSpace(s)))
        {
            run.SkipAt(emptyReason, _path, _rowWord, line);
        }
        else if (TryNumber(value, out var number))
        {
            run.Add(id >= 0 ? id : id = run.KeyId(key), step, number, wall);
        }
        else
        {
            run.SkipAt(textReason, _path, _rowWord, line);
        }
    }

    private string Location(long line) => $"{_path}: {_rowWord} {line}";

    /// <summary>The layout of <paramref name="columns"/>: the last one's when they are the same names.</summary>
    private RowLayout LayoutOf(IReadOnlyList<string> columns)
    {
        if (_layout is null || !_layout.Matches(columns))
        {
            _layout = new RowLayout(columns, _columns, _keyOf);
        }

        return _layout;
    }

    private static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case null:
                number = double.NaN;
                return false;
            case string text:
                return Numbers.TryParse(text, out number);
            case bool flag:
                number = flag ? 1 : 0;
                return true;
            case IConvertible convertible when value is not DateTime and not char:
                number = convertible.ToDouble(CultureInfo.InvariantCulture);
                return true;
            default:
                number = double.NaN;
                return false;
        }
    }

    private static double? WallTime(object? value) => value switch
    {
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, time.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : time.Kind)).ToUnixTimeMilliseconds() / 1000.0,
        DateTimeOffset offset => offset.ToUnixTimeMilliseconds() / 1000.0,
        _ when TryNumber(value, out var seconds) => seconds,
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed.ToUnixTimeMilliseconds() / 1000.0,
        _ => null,
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
