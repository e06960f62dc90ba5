using System.CommandLine;
using System.Globalization;
using Headroom.Cli;
using Headroom.Cli.Commands;
using Headroom.Cli.Output;
using Spectre.Console;

namespace Headroom.Lab.Cli.Commands;

/// <summary>
/// `headroom lab study --preset quick|paper --out DIR [--jobs N]`: the paper's whole design at lab scale, each
/// run a `headroom lab` process of its own, leaving DIR/study.yaml for `headroom analyze`.
/// </summary>
internal static class LabStudyCommand
{
    public static Command Create()
    {
        var command = new Command("study", "Run the paper's design at lab scale: Pure-SFT on the five data sets; Pure-RL (GRPO, DAPO_d), LUFFY, SRFT and UPT from the base model; SFT-then-RL (DAPO_dc) from a checkpoint of each SFT run in every regime it went through. Runs go to --jobs worker processes; finished runs are skipped, a failed run is resumed once from its newest checkpoint, and a killed study resumes. Leaves OUT/study.yaml for 'headroom analyze'.");
        var output = new Option<string>("--out") { Description = "The study folder (lab/, sft/, rl/, logs/, study.yaml).", Required = true };
        var preset = new Option<string>("--preset") { Description = "quick (the small world, short runs; the world alone, 10,000 pretraining steps and the labelling, takes about half an hour on one core) or paper (the same world, long runs); see docs/lab-findings.md.", DefaultValueFactory = _ => "quick" };
        var jobs = new Option<int>("--jobs") { Description = "Runs at a time, each its own process; 0 uses every core.", DefaultValueFactory = _ => 0 };
        var world = new Option<string?>("--world") { Description = "Use this lab folder's world and base model (built with the same lab preset and seed) instead of building one in OUT/lab." };
        var seed = CommonOptions.Seed(defaultSeed: 1);
        var threads = new Option<int>("--threads") { Description = "Torch threads per run (results depend on it).", DefaultValueFactory = _ => 1 };
        var labPreset = new Option<string?>("--lab-preset") { Description = "The lab preset of the world and training defaults (tiny, small, full); default: the study preset's." };
        var datasets = new Option<string[]>("--datasets") { Description = "Study only these SFT sets (and their branches), e.g. --datasets uniform hard; default: all five.", AllowMultipleArgumentsPerToken = true };
        var set = new Option<string[]>("--set") { Description = "Add an override to every run of one kind: world.KEY=V (pretraining of the base model), sft.KEY=V or rl.KEY=V (e.g. --set rl.max_steps=100); repeatable.", AllowMultipleArgumentsPerToken = false };
        var format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var noProgress = CommonOptions.NoProgress();
        foreach (var option in new Option[] { output, preset, jobs, world, seed, threads, labPreset, datasets, set, format, noProgress })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var options = new LabStudyOptions
            {
                Out = parse.GetValue(output)!,
                Preset = parse.GetValue(preset)!,
                World = parse.GetValue(world),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                Jobs = parse.GetValue(jobs) is > 0 and var j ? j : Environment.ProcessorCount,
                LabPreset = parse.GetValue(labPreset),
                Settings = parse.GetValue(set) ?? [],
                Datasets = parse.GetValue(datasets) is { Length: > 0 } chosen ? chosen : null,
            };
            var progress = new StudyProgressWriter(error, ConsoleFactory.CanDrawLiveProgress(error), parse.GetValue(noProgress));
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var report = LabStudy.Run(options, Self(), progress, cancel.Token);
                if (parse.GetValue(format) == OutputFormat.Json)
                {
                    JsonOutput.Write(parse.InvocationConfiguration.Output, report);
                }
                else
                {
                    Table(ConsoleFactory.For(parse.InvocationConfiguration.Output), report);
                }

                return HeadroomCli.Success;
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("headroom: interrupted; every run keeps its newest checkpoint, run the same command again to resume the study.");
                return HeadroomCli.BadInput;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    /// <summary>
    /// This program, `headroom-lab`, as a study's worker: its own executable when it runs as the apphost, else
    /// `dotnet headroom-lab.dll` (run through the dotnet host, or hosted by another program such as a test runner).
    /// </summary>
    internal static WorkerCommand Self()
    {
        var assembly = typeof(LabStudyCommand).Assembly.Location;
        var process = Environment.ProcessPath ?? "";
        if (Path.GetFileNameWithoutExtension(process) == Path.GetFileNameWithoutExtension(assembly))
        {
            return new WorkerCommand(process, []);
        }

        var host = Path.GetFileNameWithoutExtension(process) == "dotnet" ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path
            : Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return new WorkerCommand(host, [assembly]);
    }

    private static void Table(IAnsiConsole console, LabStudyReport report)
    {
        console.WriteLine($"Study ({report.Preset} preset, lab preset {report.LabPreset}, seed {report.Seed}, {report.Threads} thread(s) per run, {report.Jobs} job(s)) in {report.Folder}");
        var table = new Table().AddColumns("run", "kind", "branch regime", "status", "seconds");
        foreach (var run in report.Runs)
        {
            table.AddRow(run.Id, run.Kind, run.Regime ?? "", run.Skipped ? "finished before" : "ran", run.Seconds.ToString("F0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.WriteLine($"Manifest: {report.Manifest}; analyse it with: headroom analyze {report.Manifest} --out REPORT ({report.Seconds.ToString("F0", CultureInfo.InvariantCulture)} s)");
    }
}
