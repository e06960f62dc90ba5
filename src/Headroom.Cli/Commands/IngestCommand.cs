using System.CommandLine;
using Headroom.Cli.Output;
using Headroom.Ingest;

namespace Headroom.Cli.Commands;

/// <summary>`headroom ingest PATH... --out FILE`: every series of every log as one tidy long table (CSV, JSONL or Parquet by extension).</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var command = new Command("ingest", "Read trainer logs and write one tidy long table (run, format, path, key, canonical, benchmark, step, value, wall_time) to --out (.csv, .jsonl or .parquet).");
        var logs = new LogOptions();
        logs.AddTo(command);
        var outFile = new Option<string>("--out")
        {
            Description = "The table to write; its extension (.csv, .jsonl, .parquet) sets the format.",
            Required = true,
        };
        command.Options.Add(outFile);
        var format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var target = parse.GetValue(outFile)!;
            if (Path.GetExtension(target).ToLowerInvariant() is not (".csv" or ".jsonl" or ".parquet"))
            {
                throw IngestException.UnsupportedOutput(target);
            }

            var result = TidyTable.Write(logs.PathsOf(parse), target, logs.OptionsOf(parse));
            var rows = result.Rows;
            var summary = new IngestSummary(
                target,
                rows,
                result.Runs.Count,
                result.Runs.Sum(r => r.Skipped.Sum(s => (long)s.Count)),
                result.Unrecognised.Count,
                result.Failures.Count,
                [.. result.Runs.Select(r => r.Format).Distinct()]);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.Write(output, summary);
            }
            else
            {
                output.WriteLine($"wrote {rows} rows from {summary.Runs} runs ({string.Join(", ", summary.Formats)}) to {target}");
                output.WriteLine($"skipped {summary.Skipped} records; {summary.Unrecognised} files not recognised; {summary.Failures} logs failed");
            }

            foreach (var failure in result.Failures)
            {
                parse.InvocationConfiguration.Error.WriteLine($"headroom: warning: {failure.Message}");
            }

            return HeadroomCli.Success;
        });
        return command;
    }

    internal sealed record IngestSummary(string Out, long Rows, int Runs, long Skipped, int Unrecognised, int Failures, IReadOnlyList<string> Formats);
}
