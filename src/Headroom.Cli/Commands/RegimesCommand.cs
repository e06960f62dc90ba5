using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Headroom.Cli.Input;
using Headroom.Cli.Output;
using Headroom.Core.Regimes;
using Spectre.Console;

namespace Headroom.Cli.Commands;

/// <summary>`headroom regimes`: SFT checkpoint regimes from a validation-loss CSV and the switch point to RL (framework.md §4).</summary>
internal static class RegimesCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A CSV with one row per SFT checkpoint (e.g. the output of headroom simulate)." };
        var step = new Option<string>("--step") { Required = true, Description = "The column holding the checkpoint step (or cumulative compute); sorted, increasing, not negative." };
        var loss = new Option<string>("--loss") { Required = true, Description = "The column holding the validation loss; empty or NaN cells are skipped and counted." };
        var delta = new Option<double>("--delta") { Description = "Stable band: L <= (1+delta) L_min.", DefaultValueFactory = _ => RegimeOptions.Default.Delta };
        var delta2 = new Option<double>("--delta2") { Description = "After the last Stable checkpoint, L >= (1+delta2) L_min is Severe overfitting.", DefaultValueFactory = _ => RegimeOptions.Default.Delta2 };
        var provisional = new Option<bool>("--provisional") { Description = "A live run: L_min is the minimum so far and labels may change." };
        var format = CommonOptions.Format();

        var command = new Command("regimes", "Label SFT checkpoints Adaptive / Stable / Mild / Severe from their validation loss and recommend when to switch to RL.");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { step, loss, delta, delta2, provisional, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var options = new RegimeOptions { Delta = parse.GetValue(delta), Delta2 = parse.GetValue(delta2), Provisional = parse.GetValue(provisional) };
            options.Validate();
            var table = CsvTable.Read(parse.GetValue(file)!);
            var (steps, losses) = ReadSeries(table, table.Column("--step", parse.GetValue(step)!), table.Column("--loss", parse.GetValue(loss)!));
            var analysis = SftRegimes.Classify(steps, losses, options);
            if (analysis.Status == RegimeStatus.NoFiniteLoss)
            {
                throw InputException.NoFiniteValue(table.Path, parse.GetValue(loss)!);
            }

            var output = parse.InvocationConfiguration.Output;
            switch (parse.GetValue(format))
            {
                case OutputFormat.Json:
                    JsonOutput.Write(output, Report(table.Path, parse.GetValue(step)!, parse.GetValue(loss)!, analysis));
                    break;
                case OutputFormat.Csv:
                    WriteCsv(output, analysis);
                    break;
                default:
                    WriteTable(output, analysis);
                    break;
            }

            foreach (var warning in analysis.Warnings)
            {
                parse.InvocationConfiguration.Error.WriteLine($"warning: {warning}");
            }

            return HeadroomCli.Success;
        });
        return command;
    }

    private static (double[] Steps, double[] Losses) ReadSeries(CsvTable table, int stepColumn, int lossColumn)
    {
        var steps = new double[table.RowCount];
        var losses = new double[table.RowCount];
        for (var row = 0; row < table.RowCount; row++)
        {
            var step = table.FiniteNumber(row, stepColumn);
            if (step < 0)
            {
                throw InputException.NegativeStep(table.Path, table.LineOf(row), table.ColumnName(stepColumn), step);
            }

            if (row > 0 && step <= steps[row - 1])
            {
                throw InputException.UnsortedStep(table.Path, table.LineOf(row), table.ColumnName(stepColumn), step, steps[row - 1]);
            }

            // An empty or NaN loss is a checkpoint without an evaluation: the classifier skips and counts it.
            var loss = table.Number(row, lossColumn) ?? double.NaN;
            if (double.IsFinite(loss) && loss <= 0)
            {
                throw InputException.NonPositiveLoss(table.Path, table.LineOf(row), table.ColumnName(lossColumn), loss);
            }

            steps[row] = step;
            losses[row] = loss;
        }

        return (steps, losses);
    }

    private static string Label(SftRegime regime) => regime switch
    {
        SftRegime.MildOverfitting => "Mild overfitting",
        SftRegime.SevereOverfitting => "Severe overfitting",
        _ => regime.ToString(),
    };

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static void WriteTable(TextWriter output, RegimeAnalysis analysis)
    {
        var console = ConsoleFactory.For(output);
        var table = new Table().AddColumns("step", "loss", "vs L_min", "regime", "note");
        foreach (var c in analysis.Checkpoints)
        {
            var mark = ReferenceEquals(c, analysis.RecommendedSwitch) ? " <- switch to RL" : string.Empty;
            table.AddRow(Number(c.Step), Number(c.Loss), c.RelativeExcess.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture), Markup.Escape(Label(c.Regime) + mark), Markup.Escape(c.Note ?? string.Empty));
        }

        console.Write(table);
        var o = analysis.Options;
        console.WriteLine(
            $"L_min = {Number(analysis.MinimumLoss)} at step {Number(analysis.Minimum!.Step)}; Stable: L <= {Number(analysis.StableThreshold)} (delta {Number(o.Delta)}); "
            + $"Severe after the last Stable: L >= {Number(analysis.SevereThreshold)} (delta2 {Number(o.Delta2)}).");
        console.WriteLine(
            $"Recommended switch to RL: step {Number(analysis.RecommendedSwitch!.Step)} (the first Stable checkpoint: the earliest with a saturated loss); "
            + $"minimum loss at step {Number(analysis.Minimum.Step)}.{(analysis.Provisional ? " Provisional: labels may change as the run continues." : string.Empty)}");
    }

    private static void WriteCsv(TextWriter output, RegimeAnalysis analysis)
    {
        using var csv = CsvWriter.Create(output, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        csv.WriteRecord("step", "loss", "relative_excess", "regime", "recommended_switch", "note");
        foreach (var c in analysis.Checkpoints)
        {
            csv.WriteRecord(
                Number(c.Step), c.Loss.ToString("R", CultureInfo.InvariantCulture), c.RelativeExcess.ToString("R", CultureInfo.InvariantCulture),
                JsonName(c.Regime), ReferenceEquals(c, analysis.RecommendedSwitch) ? "true" : "false", c.Note ?? string.Empty);
        }
    }

    private static string JsonName(SftRegime regime) => regime switch
    {
        SftRegime.MildOverfitting => "mild_overfitting",
        SftRegime.SevereOverfitting => "severe_overfitting",
        _ => regime.ToString().ToLowerInvariant(),
    };

    private static RegimesReport Report(string path, string stepColumn, string lossColumn, RegimeAnalysis a)
    {
        CheckpointReport Of(CheckpointRegime c) => new(c.Step, c.Loss, c.RelativeExcess, JsonName(c.Regime), c.Note);
        return new RegimesReport(
            path,
            stepColumn,
            lossColumn,
            a.Options.Delta,
            a.Options.Delta2,
            a.Provisional,
            a.MinimumLoss,
            a.StableThreshold,
            a.SevereThreshold,
            a.RecommendedSwitch is null ? null : Of(a.RecommendedSwitch),
            "first Stable checkpoint (the earliest whose loss has saturated)",
            a.Minimum is null ? null : Of(a.Minimum),
            a.SkippedNonFinite,
            a.FirstSkippedStep,
            a.Checkpoints.Select(Of).ToArray(),
            a.Warnings);
    }

    /// <summary>The JSON document of `headroom regimes`.</summary>
    private sealed record RegimesReport(
        string File,
        string StepColumn,
        string LossColumn,
        double Delta,
        double Delta2,
        bool Provisional,
        double MinimumLoss,
        double StableThreshold,
        double SevereThreshold,
        CheckpointReport? RecommendedSwitch,
        string RecommendationRule,
        CheckpointReport? Minimum,
        int SkippedNonFinite,
        double? FirstSkippedStep,
        IReadOnlyList<CheckpointReport> Checkpoints,
        IReadOnlyList<string> Warnings);

    private sealed record CheckpointReport(double Step, double Loss, double RelativeExcess, string Regime, string? Note);
}
