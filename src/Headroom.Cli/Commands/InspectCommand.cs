using System.CommandLine;
using System.Globalization;
using Headroom.Cli.Output;
using Headroom.Ingest;
using Spectre.Console;

namespace Headroom.Cli.Commands;

/// <summary>`headroom inspect PATH...`: what logs were found, their series and canonical names, and what was skipped.</summary>
internal static class InspectCommand
{
    private const int ListedUnrecognised = 20;

    public static Command Create()
    {
        var command = new Command("inspect", "Show what Headroom finds in trainer logs: format, runs, series with counts and ranges, canonical names, skipped records.");
        var logs = new LogOptions();
        logs.AddTo(command);
        var format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var result = LogIngest.Summarise(logs.PathsOf(parse), logs.OptionsOf(parse));
            var output = parse.InvocationConfiguration.Output;
            var report = Report(result);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.Write(output, report);
            }
            else
            {
                WriteTables(ConsoleFactory.For(output), report);
            }

            foreach (var failure in result.Failures)
            {
                parse.InvocationConfiguration.Error.WriteLine($"headroom: warning: {failure.Message}");
            }

            return HeadroomCli.Success;
        });
        return command;
    }

    internal static InspectReport Report(SummaryResult result)
    {
        var labels = TidyTable.RunLabels(result.Runs.Select(run => run.Name));
        var sameRun = SameRun.Groups(result.Runs);
        return new InspectReport(
            [.. result.Runs.Select((run, i) => new RunReport(
                run.Format,
                run.Path,
                labels[i],
                [.. run.Series.Select(s => new SeriesReport(s.Key, s.Canonical, s.Benchmark, s.Count, s.FirstStep, s.LastStep, s.Min, s.Max, s.NonFinite))],
                CanonicalNamesOf(run),
                [.. run.Skipped.Select(s => new SkippedReport(s.Reason, s.Count, s.FirstLocation))],
                [.. sameRun.Where(g => g.Contains(i)).SelectMany(g => g).Where(j => j != i).Select(j => labels[j])],
                run.Metadata))],
            result.Unrecognised,
            [.. result.Failures.Select(f => new FailureReport(f.Path, f.Format, f.Message))]);
    }

    /// <summary>The canonical names a run holds, in the order of <see cref="CanonicalSeries.All"/> (user names last), then by benchmark.</summary>
    private static string[] CanonicalNamesOf(RunSummary run)
    {
        var order = CanonicalSeries.All.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        return [.. run.Series
            .Where(s => s.Canonical is not null)
            .OrderBy(s => order.GetValueOrDefault(s.Canonical!, int.MaxValue))
            .ThenBy(s => s.Canonical, StringComparer.Ordinal)
            .ThenBy(s => s.Benchmark, StringComparer.Ordinal)
            .Select(s => s.Benchmark is null ? s.Canonical! : $"{s.Canonical} ({s.Benchmark})")
            .Distinct()];
    }

    private static void WriteTables(IAnsiConsole console, InspectReport report)
    {
        foreach (var run in report.Runs)
        {
            console.Write(new Rule($"[bold]{Markup.Escape(run.Name)}[/]  {Markup.Escape(run.Format)}  {Markup.Escape(run.Path)}").LeftJustified());
            var table = new Table().AddColumns("key", "canonical", "count", "steps", "values");
            foreach (var series in run.Series)
            {
                var canonical = series.Canonical is null ? "-" : series.Benchmark is null ? series.Canonical : $"{series.Canonical} ({series.Benchmark})";
                var steps = series.Count == 0 ? "-" : $"{series.FirstStep}..{series.LastStep}";
                var values = series.Min is null ? "-" : $"{G(series.Min.Value)}..{G(series.Max!.Value)}";
                if (series.NonFinite > 0)
                {
                    values += $" ({series.NonFinite} NaN/inf)";
                }

                table.AddRow(Markup.Escape(series.Key), Markup.Escape(canonical), series.Count.ToString(CultureInfo.InvariantCulture), steps, Markup.Escape(values));
            }

            console.Write(table);
            console.WriteLine($"canonical: {(run.Canonical.Count == 0 ? "none recognised" : string.Join(", ", run.Canonical))}");
            if (run.SameRunAs.Count > 0)
            {
                console.WriteLine($"same run as: {string.Join(", ", run.SameRunAs)} (logs of one run in one folder; regimes merges them by step and names the log it uses where they differ)");
            }

            foreach (var skipped in run.Skipped)
            {
                console.WriteLine($"skipped: {skipped.Count} x {skipped.Reason}{(skipped.FirstLocation is null ? string.Empty : $" (first at {skipped.FirstLocation})")}");
            }

            console.WriteLine();
        }

        if (report.Unrecognised.Count > 0)
        {
            console.WriteLine($"not recognised ({report.Unrecognised.Count} files):");
            foreach (var file in report.Unrecognised.Take(ListedUnrecognised))
            {
                console.WriteLine($"  {file}");
            }

            if (report.Unrecognised.Count > ListedUnrecognised)
            {
                console.WriteLine($"  ... and {report.Unrecognised.Count - ListedUnrecognised} more (--format json lists them all)");
            }
        }

        foreach (var failure in report.Failures)
        {
            console.WriteLine($"failed: {failure.Message}");
        }
    }

    private static string G(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    internal sealed record InspectReport(IReadOnlyList<RunReport> Runs, IReadOnlyList<string> Unrecognised, IReadOnlyList<FailureReport> Failures);

    internal sealed record RunReport(
        string Format,
        string Path,
        string Name,
        IReadOnlyList<SeriesReport> Series,
        IReadOnlyList<string> Canonical,
        IReadOnlyList<SkippedReport> Skipped,
        IReadOnlyList<string> SameRunAs,
        IReadOnlyDictionary<string, string> Metadata);

    internal sealed record SeriesReport(string Key, string? Canonical, string? Benchmark, long Count, long? FirstStep, long? LastStep, double? Min, double? Max, long NonFinite);

    internal sealed record SkippedReport(string Reason, int Count, string? FirstLocation);

    internal sealed record FailureReport(string Path, string Format, string Message);
}
