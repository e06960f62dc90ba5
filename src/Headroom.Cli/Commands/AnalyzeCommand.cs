using System.CommandLine;
using Headroom.Cli.Output;
using Headroom.Report;
using Headroom.Study;
using Spectre.Console;

namespace Headroom.Cli.Commands;

/// <summary>`headroom analyze study.yaml --out DIR`: the study's report page, results.json and summary.md.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var manifest = new Argument<string>("manifest") { Description = "The study manifest (YAML), e.g. written by headroom init." };
        var output = new Option<string>("--out") { Required = true, Description = "Folder to write index.html, results.json and summary.md into (replaced whole)." };
        var bootstrap = new Option<int?>("--bootstrap") { Description = "Bootstrap resamples (default: the manifest's fit.bootstrap, else 1000)." };
        var seed = new Option<int?>("--seed") { Description = "Random seed (default: the manifest's fit.seed, else 0); the same seed and thread count give the same result." };
        var threads = CommonOptions.Threads();
        var noProgress = CommonOptions.NoProgress();
        var format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);

        var command = new Command("analyze", "Analyse a study: every branch's ceiling, when to switch, which data, which paradigm, what next; writes a report page, results.json and summary.md.");
        command.Arguments.Add(manifest);
        foreach (var option in new Option[] { output, bootstrap, seed, threads, noProgress, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            if (parse.GetValue(bootstrap) is < 0)
            {
                throw Headroom.Core.InvalidSettingException.OutOfRange("--bootstrap", parse.GetValue(bootstrap)!.Value, "0 or more");
            }

            var error = parse.InvocationConfiguration.Error;
            var progress = parse.GetValue(noProgress) ? TextWriter.Null : error;
            var options = new StudyOptions { Resamples = parse.GetValue(bootstrap), Seed = parse.GetValue(seed), Threads = parse.GetValue(threads) };
            var study = StudyLoader.Load(parse.GetValue(manifest)!, options, progress);
            var folder = parse.GetValue(output)!;
            progress.WriteLine($"analyze: writing {folder}");
            StudyReport.Write(study, folder);
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                stdout.WriteLine(StudyReport.Results(study));
            }
            else
            {
                WriteTable(stdout, study, folder);
            }

            foreach (var note in study.Notes)
            {
                error.WriteLine($"warning: {note}");
            }

            return HeadroomCli.Success;
        });
        return command;
    }

    private static void WriteTable(TextWriter output, StudyResult study, string folder)
    {
        var console = ConsoleFactory.For(output);
        console.WriteLine(study.Recommendation);
        var table = new Table().AddColumns("branch", "paradigm", "P_sft", "A_post", "interval", "PL_rl", "C_mid", "B", "regime", "flags");
        foreach (var b in study.Branches)
        {
            var c = b.Ceiling;
            table.AddRow(
                Markup.Escape(b.Name),
                Markup.Escape(b.Paradigm == Paradigm.SftThenRl ? "SFT-then-RL" : b.Paradigm == Paradigm.PureRl ? "Pure-RL" : b.Algorithm),
                TextFormat.Fixed(c.PSft),
                TextFormat.Fixed(c.APost),
                Markup.Escape(c.Intervals.APost.ToString()),
                TextFormat.Fixed(c.PLrl),
                TextFormat.Significant(c.CMid),
                TextFormat.Fixed(c.B),
                Markup.Escape(b.Regime?.ToString() ?? "-"),
                Markup.Escape(string.Join(", ", c.Warnings.Select(w => w.Code))));
        }

        console.Write(table);
        console.WriteLine($"Report: {Path.Combine(folder, StudyReport.PageFile)} (results.json and summary.md beside it).");
    }
}
