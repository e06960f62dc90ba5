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

    /// <summary>A table read with the user's mapping (<see cref="ReaderOptions.Table"/>).</summary>
    public GenericTable(string format, string path, ReaderOptions options, IRunSink sink)
        : this(format, path, options, sink, options.Table ?? throw IngestException.BadMapping($"{path} is a generic table: name its step column with --step"))
    {
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

    /// <summary>Adds one row; <paramref name="cell"/> gives a column's value (a string, a number, a date, or null).</summary>
    public void AddRow(IReadOnlyCollection<string> columns, Func<string, object?> cell, string location, long line)
    {
        var runName = _columns.Run is { } runColumn ? Text(cell(runColumn)) ?? string.Empty : _runName;
        if (!_runs.TryGetValue(runName, out var run))
        {
            run = _sink.Begin(_format, _path, runName, _options);
            run.Metadata["step_column"] = _columns.Step;
            _runs[runName] = run;
            _order.Add(run);
        }

        if (!TryNumber(cell(_columns.Step), out var stepValue) || !Numbers.TryStep(stepValue, out var step))
        {
            var shown = Text(cell(_columns.Step)) ?? "empty";
            run.Fault($"row without an integral step in '{_columns.Step}'", location,
                () => IngestException.Malformed(_path, line, $"the step column '{_columns.Step}' holds '{shown}', not an integral number"));
            return;
        }

        double? wall = null;
        if (_columns.WallTime is { } wallColumn)
        {
            wall = WallTime(cell(wallColumn));
            if (wall is null)
            {
                run.Skip($"row without a readable wall time in '{wallColumn}'", location);
            }
        }

        if (_columns.Key is { } keyColumn)
        {
            var key = Text(cell(keyColumn));
            if (string.IsNullOrEmpty(key))
            {
                run.Skip($"row without a key in '{keyColumn}'", location);
                return;
            }

            AddCell(run, key, cell(_columns.Value!), step, wall, location);
            return;
        }

        foreach (var column in columns)
        {
            if (column != _columns.Step && column != _columns.WallTime && column != _columns.Run)
            {
                AddCell(run, _keyOf(column), cell(column), step, wall, location);
            }
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

    private static void AddCell(RunBuilder run, string key, object? value, long step, double? wall, string location)
    {
        if (value is null || (value is string s && string.IsNullOrWhiteSpace(s)))
        {
            run.Skip($"empty cell in '{key}'", location);
        }
        else if (TryNumber(value, out var number))
        {
            run.Add(key, step, number, wall);
        }
        else
        {
            run.Skip($"non-numeric value of '{key}'", location);
        }
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
