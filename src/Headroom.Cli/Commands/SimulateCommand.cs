using System.CommandLine;
using CsvHelper;
using Headroom.Cli.Output;
using Headroom.Cli.Simulate;
using Headroom.Core;
using Headroom.Core.Simulation;
using Spectre.Console;

namespace Headroom.Cli.Commands;

/// <summary>`headroom simulate`: realistic SFT and RL curves with known ground truth, for tests, examples and trying the tool.</summary>
internal static class SimulateCommand
{
    /// <summary>The paper's five datasets (Fig. 5): minimum validation loss and best A_post, which the simulated floors and ceilings follow.</summary>
    private static readonly (string Name, double LossFloor, double BestCeiling)[] _paperDatasets =
    [
        ("s1k", 0.51, 77.3),
        ("easy102k", 0.44, 78.8),
        ("uniform102k", 0.42, 79.7),
        ("hard102k", 0.40, 82.8),
        ("sft889k", 0.37, 84.0),
    ];

    public static Command Create()
    {
        var output = new Option<string>("--out") { Required = true, Description = "Folder to write into (created if absent)." };
        var logs = new Option<bool>("--logs") { Description = "Write a whole study in the formats trainers write (HF trainer_state.json checkpoints, verl JSONL) with its study.yaml, for `headroom analyze`." };
        var paperDatasets = new Option<bool>("--paper-datasets") { Description = "Simulate the paper's five SFT datasets (S1K, Easy/Uniform/Hard 102K, SFT889K) into sub-folders, with datasets.csv for `headroom select`." };
        var noise = new Option<double>("--noise") { Description = "Benchmark noise (sd, score points).", DefaultValueFactory = _ => StudySpec.Default.NoiseSd };
        var outliers = new Option<double>("--outliers") { Description = "Probability that an RL evaluation is an outlier.", DefaultValueFactory = _ => StudySpec.Default.OutlierRate };
        var points = new Option<int>("--rl-points") { Description = "RL evaluations per branch.", DefaultValueFactory = _ => StudySpec.Default.RlPoints };
        var seed = CommonOptions.Seed();
        var format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);

        var command = new Command("simulate", "Generate realistic SFT and RL curves with known ground truth (files in the layout `headroom fit` reads).");
        foreach (var option in new Option[] { output, logs, paperDatasets, noise, outliers, points, seed, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var folder = parse.GetValue(output)!;
            var noiseSd = parse.GetValue(noise);
            var outlierRate = parse.GetValue(outliers);
            var rlPoints = parse.GetValue(points);
            if (!(noiseSd >= 0) || !(outlierRate >= 0 && outlierRate <= 1) || rlPoints < 1)
            {
                throw InvalidSettingException.Inconsistent("--noise must be >= 0, --outliers in [0, 1] and --rl-points >= 1.");
            }

            var template = StudySpec.Default with { NoiseSd = noiseSd, OutlierRate = outlierRate, RlPoints = rlPoints };
            if (parse.GetValue(logs))
            {
                Report(parse.InvocationConfiguration.Output, parse.GetValue(format), folder, DemoStudy.Write(folder, parse.GetValue(seed), template));
                return HeadroomCli.Success;
            }

            var specs = parse.GetValue(paperDatasets)
                ? _paperDatasets.Select(d => template with { Name = d.Name, LossFloor = d.LossFloor, BestCeiling = d.BestCeiling }).ToList()
                : [template];
            var studies = specs.Select((spec, i) => StudySimulator.Simulate(spec, parse.GetValue(seed) + i)).ToList();
            foreach (var study in studies)
            {
                StudyFiles.Write(studies.Count == 1 ? folder : Path.Combine(folder, study.Spec.Name), study);
            }

            if (studies.Count > 1)
            {
                WriteDatasets(Path.Combine(folder, "datasets.csv"), studies);
            }

            Report(parse.InvocationConfiguration.Output, parse.GetValue(format), folder, studies);
            return HeadroomCli.Success;
        });
        return command;
    }

    private static void WriteDatasets(string path, IReadOnlyList<SimulatedStudy> studies)
    {
        using var csv = CsvWriter.Create(File.CreateText(path), new CsvWriterOptions { NewLine = "\n" }, leaveOpen: false);
        csv.WriteRecord("dataset", "min_val_loss", "true_best_a_post");
        foreach (var study in studies)
        {
            csv.WriteRecord(study.Spec.Name, TextFormat.Exact(Math.Round(study.MinimumValidationLoss, 5)), TextFormat.Exact(Math.Round(study.BestTrueAPost, 3)));
        }
    }

    private static void Report(TextWriter writer, OutputFormat format, string folder, IReadOnlyList<SimulatedStudy> studies)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(writer, new
            {
                Folder = folder,
                Datasets = studies.Select(s => new
                {
                    s.Spec.Name,
                    Checkpoints = s.Checkpoints.Count,
                    Branches = s.Branches.Count,
                    MinValLoss = s.MinimumValidationLoss,
                    TrueBestAPost = s.BestTrueAPost,
                }),
            });
            return;
        }

        var table = new Table().AddColumns("dataset", "checkpoints", "RL branches", "min val loss", "true best A_post", "files");
        foreach (var s in studies)
        {
            table.AddRow(
                Markup.Escape(s.Spec.Name),
                s.Checkpoints.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                s.Branches.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TextFormat.Fixed(s.MinimumValidationLoss, 4),
                TextFormat.Fixed(s.BestTrueAPost),
                Markup.Escape(studies.Count == 1 ? folder : Path.Combine(folder, s.Spec.Name)));
        }

        ConsoleFactory.For(writer).Write(table);
    }
}
