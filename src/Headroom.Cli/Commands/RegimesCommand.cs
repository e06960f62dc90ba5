using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Headroom.Cli.Output;
using Headroom.Core.Regimes;
using Headroom.Study;
using Spectre.Console;

namespace Headroom.Cli.Commands;

/// <summary>`headroom regimes`: SFT checkpoint regimes from a run's validation loss (trainer logs or a CSV) and the switch point to RL (framework.md §4).</summary>
internal static class RegimesCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path")
        {
            Description = "A trainer's logs (a run folder with its checkpoint-N/ folders, a trainer_state.json, TensorBoard or W&B files, a verl log: "
                + "anything headroom inspect reads), or a CSV with one row per SFT checkpoint given with --step and --loss.",
        };
        var step = new Option<string?>("--step") { Description = "CSV input: the column holding the checkpoint step (or cumulative compute); sorted, increasing, not negative." };
        var loss = new Option<string?>("--loss")
        {
            Description = "CSV input: the column holding the validation loss (empty or NaN cells are skipped and counted). "
                + "Trainer logs: the key or canonical name of the series to use (default sft_val_loss, e.g. HF's eval_loss).",
        };
        var delta = new Option<double>("--delta") { Description = "Stable band: L <= (1+delta) L_min.", DefaultValueFactory = _ => RegimeOptions.Default.Delta };
        var delta2 = new Option<double>("--delta2") { Description = "After the last Stable checkpoint, L >= (1+delta2) L_min is Severe overfitting.", DefaultValueFactory = _ => RegimeOptions.Default.Delta2 };
        var provisional = new Option<bool>("--provisional") { Description = "A live run: L_min is the minimum so far and labels may change." };
        var format = CommonOptions.Format();

        var command = new Command("regimes", "Label SFT checkpoints Adaptive / Stable / Mild / Severe from their validation loss and recommend when to switch to RL.");
        command.Arguments.Add(path);
        foreach (var option in new Option[] { step, loss, delta, delta2, provisional, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var options = new RegimeOptions { Delta = parse.GetValue(delta), Delta2 = parse.GetValue(delta2), Provisional = parse.GetValue(provisional) };
            options.Validate();
            var series = LossSeries.Read(parse.GetValue(path)!, parse.GetValue(step), parse.GetValue(loss));
            var analysis = series.Classify(options);
            var output = parse.InvocationConfiguration.Output;
            switch (parse.GetValue(format))
            {
                case OutputFormat.Json:
                    JsonOutput.Write(output, Report(series, analysis));
                    break;
                case OutputFormat.Csv:
                    WriteCsv(output, analysis);
                    break;
                default:
                    WriteTable(output, series, analysis);
                    break;
            }

            foreach (var warning in series.Notes.Concat(analysis.Warnings))
            {
                parse.InvocationConfiguration.Error.WriteLine($"warning: {warning}");
            }

            return HeadroomCli.Success;
        });
        return command;
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static void WriteTable(TextWriter output, LossSeries series, RegimeAnalysis analysis)
    {
        var console = ConsoleFactory.For(output);
        if (series.Run is not null)
        {
            console.WriteLine($"{series.Run} ({series.Format}, validation loss '{series.LossLabel}'): {series.Source}");
        }

        var table = new Table().AddColumns("step", "loss", "vs L_min", "regime", "note");
        foreach (var c in analysis.Checkpoints)
        {
            var mark = ReferenceEquals(c, analysis.RecommendedSwitch) ? " <- switch to RL" : string.Empty;
            table.AddRow(Number(c.Step), Number(c.Loss), c.RelativeExcess.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture), Markup.Escape(c.Regime.Label() + mark), Markup.Escape(c.Note ?? string.Empty));
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
                c.Regime.JsonName(), ReferenceEquals(c, analysis.RecommendedSwitch) ? "true" : "false", c.Note ?? string.Empty);
        }
    }

    private static RegimesReport Report(LossSeries series, RegimeAnalysis a)
    {
        CheckpointReport Of(CheckpointRegime c) => new(c.Step, c.Loss, c.RelativeExcess, c.Regime.JsonName(), c.Note);
        return new RegimesReport(
            series.Source,
            series.Format,
            series.Run,
            series.StepLabel,
            series.LossLabel,
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
        string Format,
        string? Run,
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
