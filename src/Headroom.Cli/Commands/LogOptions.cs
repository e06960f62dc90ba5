using System.CommandLine;
using Headroom.Ingest;

namespace Headroom.Cli.Commands;

/// <summary>The options `inspect` and `ingest` share: paths, name mapping, bad-record policy, format hint, generic column mapping.</summary>
internal sealed class LogOptions
{
    public Argument<string[]> Paths { get; } = new("paths")
    {
        Description = "Log files or folders (run folders, checkpoint folders, or folders of runs).",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string?> Names { get; } = new("--names")
    {
        Description = "A mapping file (JSON, or 'raw_key = canonical' lines) overriding the built-in canonical names.",
    };

    public Option<bool> Strict { get; } = new("--strict")
    {
        Description = "Fail on the first bad record instead of skipping and counting it.",
    };

    public Option<string?> FormatHint { get; } = new("--format-hint")
    {
        Description = "Read the named paths with this reader instead of detecting the format (e.g. trainer_state, verl_console, generic_csv).",
    };

    public Option<string?> Step { get; } = new("--step")
    {
        Description = "Generic CSV/JSONL/Parquet: the column holding the step (turns the generic readers on).",
    };

    public Option<string?> WallTime { get; } = new("--wall-time")
    {
        Description = "Generic tables: the column holding the wall time (seconds or a date and time).",
    };

    public Option<string?> Run { get; } = new("--run")
    {
        Description = "Generic tables: a column whose values split the table into runs.",
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "Generic tables, long layout: the column holding the metric name (needs --value).",
    };

    public Option<string?> Value { get; } = new("--value")
    {
        Description = "Generic tables, long layout: the column holding the value (needs --key).",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Paths);
        foreach (var option in new Option[] { Names, Strict, FormatHint, Step, WallTime, Run, Key, Value })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The paths the command line names.</summary>
    public IReadOnlyList<string> PathsOf(ParseResult parse) => parse.GetValue(Paths) ?? [];

    /// <summary>The reader options the command line gives.</summary>
    public ReaderOptions OptionsOf(ParseResult parse)
    {
        var names = parse.GetValue(Names) is { } file ? CanonicalNames.BuiltIn.WithFile(file) : CanonicalNames.BuiltIn;
        var step = parse.GetValue(Step);
        var key = parse.GetValue(Key);
        var value = parse.GetValue(Value);
        if (step is null && (key ?? value ?? parse.GetValue(WallTime) ?? parse.GetValue(Run)) is not null)
        {
            throw IngestException.BadMapping("--wall-time, --run, --key and --value describe a generic table and need --step");
        }

        return ReaderOptions.Default with
        {
            Names = names,
            BadRecords = parse.GetValue(Strict) ? BadRecordPolicy.Strict : BadRecordPolicy.Lenient,
            FormatHint = parse.GetValue(FormatHint),
            Table = step is null ? null : new TableColumns(step, parse.GetValue(WallTime), parse.GetValue(Run), key, value),
        };
    }
}
