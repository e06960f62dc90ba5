using System.CommandLine;
using System.Globalization;
using Headroom.Cli.Output;
using Headroom.Study;
using Spectre.Console;

namespace Headroom.Cli.Commands;

/// <summary>`headroom plan study.yaml --budget X`: which SFT checkpoint and how much RL maximise the expected score within a budget.</summary>
internal static class PlanCommand
{
    private const int Listed = 10;

    public static Command Create()
    {
        var manifest = new Argument<string>("manifest") { Description = "The study manifest (YAML)." };
        var budget = new Option<double>("--budget") { Required = true, Description = "The compute budget: EF (default), or GPU-hours with --gpu-hours." };
        var gpuHours = new Option<bool>("--gpu-hours") { Description = "Read --budget as GPU-hours, turned into EF with --gpu and --mfu." };
        var gpu = new Option<string>("--gpu") { Description = $"The GPU for --gpu-hours: {string.Join(", ", ComputeBudget.PeakFlops.Keys)}.", DefaultValueFactory = _ => "h100" };
        var mfu = new Option<double?>("--mfu") { Description = "Model FLOPs utilisation for --gpu-hours (e.g. 0.35); required with --gpu-hours." };
        var sftPaid = new Option<bool>("--sft-paid") { Description = "The SFT checkpoints exist already: the whole budget goes to RL." };
        var bootstrap = new Option<int?>("--bootstrap") { Description = "Bootstrap resamples (default: the manifest's)." };
        var seed = new Option<int?>("--seed") { Description = "Random seed (default: the manifest's)." };
        var threads = CommonOptions.Threads();
        var noProgress = CommonOptions.NoProgress();
        var format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var command = new Command("plan", "Choose the SFT checkpoint and the RL compute that maximise the expected score within a compute budget, from the measured branches and their uncertainty.");
        command.Arguments.Add(manifest);
        foreach (var option in new Option[] { budget, gpuHours, gpu, mfu, sftPaid, bootstrap, seed, threads, noProgress, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var amount = parse.GetValue(budget);
            string unit;
            if (parse.GetValue(gpuHours))
            {
                var utilisation = parse.GetValue(mfu) ?? throw Headroom.Core.InvalidSettingException.Inconsistent("--gpu-hours needs the model FLOPs utilisation you get: --mfu (e.g. 0.35)");
                unit = $"{Number(amount)} {parse.GetValue(gpu)} GPU-hours at {Number(utilisation * 100)}% MFU";
                amount = ComputeBudget.FromGpuHours(amount, parse.GetValue(gpu)!, utilisation);
            }
            else
            {
                unit = $"{Number(amount)} EF";
            }

            var progress = parse.GetValue(noProgress) ? TextWriter.Null : parse.InvocationConfiguration.Error;
            var study = StudyLoader.Load(parse.GetValue(manifest)!, new StudyOptions { Resamples = parse.GetValue(bootstrap), Seed = parse.GetValue(seed), Threads = parse.GetValue(threads) }, progress);
            var options = BudgetPlanner.Plan(study, amount, parse.GetValue(sftPaid));
            if (options.Count == 0)
            {
                throw Headroom.Core.InvalidSettingException.Inconsistent($"A budget of {unit} ({Number(amount)} EF) does not cover the SFT compute of any measured branch; give more, or --sft-paid if the checkpoints exist");
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.Write(output, new
                {
                    Study = study.Name,
                    BudgetEf = amount,
                    Budget = unit,
                    SftPaid = parse.GetValue(sftPaid),
                    Options = options.Select(o => new
                    {
                        Run = o.Branch.Name,
                        o.Branch.From,
                        o.Branch.SftStep,
                        SftEf = o.SftExaFlops,
                        RlEf = o.RlExaFlops,
                        o.ExpectedScore,
                        ExpectedScoreCi = o.Interval.IsKnown ? new[] { o.Interval.Low, o.Interval.High } : null,
                        APost = o.Branch.Ceiling.APost,
                        o.HeadroomRealised,
                        o.Extrapolated,
                    }),
                });
                return HeadroomCli.Success;
            }

            var console = ConsoleFactory.For(output);
            var best = options[0];
            var start = best.Branch.Paradigm == Paradigm.SftThenRl ? $"SFT checkpoint {Number(best.Branch.SftStep ?? double.NaN)} of {best.Branch.From} ({Number(best.SftExaFlops)} EF)" : $"the base model ({best.Branch.Name})";
            console.WriteLine($"Budget {unit}{(parse.GetValue(gpuHours) ? $" = {Number(amount)} EF" : string.Empty)}. Best: RL from {start} with {Number(best.RlExaFlops)} EF of RL: expected score {best.ExpectedScore:F1} {best.Interval}, {best.HeadroomRealised * 100:F0}% of its headroom (ceiling A_post {best.Branch.Ceiling.APost:F1}).");
            if (best.Branch.Reach.FirstOrDefault(r => r.Fraction == 0.95) is { } reach && reach.ExaFlops < best.RlExaFlops)
            {
                console.WriteLine($"95% of that headroom needs only {Number(reach.ExaFlops)} EF of RL; the remaining {Number(best.RlExaFlops - reach.ExaFlops)} EF buy under {(best.Branch.Ceiling.PLrl * 0.05):F2} points.");
            }

            var table = new Table().AddColumns("rank", "start", "SFT (EF)", "RL (EF)", "expected score", "interval", "headroom realised", "A_post", "note");
            foreach (var (o, i) in options.Take(Listed).Select((o, i) => (o, i)))
            {
                table.AddRow(
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(o.Branch.Name),
                    Number(o.SftExaFlops),
                    Number(o.RlExaFlops),
                    o.ExpectedScore.ToString("F1", CultureInfo.InvariantCulture),
                    Markup.Escape(o.Interval.ToString()),
                    double.IsFinite(o.HeadroomRealised) ? $"{o.HeadroomRealised * 100:F0}%" : "n/a",
                    o.Branch.Ceiling.APost.ToString("F1", CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join("; ", new[] { o.Extrapolated ? "RL compute beyond 2x measured" : null, o.Branch.Ceiling.Method == Headroom.Core.Fitting.CeilingMethod.Peak ? "peak, not a fit" : null }.OfType<string>())));
            }

            console.Write(table);
            if (options.Count > Listed)
            {
                console.WriteLine($"({options.Count - Listed} more options; --format json lists them all.)");
            }

            return HeadroomCli.Success;
        });
        return command;
    }

    private static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "F0" : "G3", CultureInfo.InvariantCulture);
}
