using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Headroom.Cli.Output;
using Headroom.Core.Selection;
using Headroom.Study;
using Spectre.Console;

namespace Headroom.Cli.Commands;

/// <summary>`headroom select`: which SFT dataset to use, from minimum validation loss versus best ceiling (framework.md §5).</summary>
internal static class SelectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A CSV with one row per SFT dataset (rows with an empty ceiling are candidates to rank), or a study manifest (study.yaml), whose SFT runs and branches are read from their run folders." };
        var dataset = new Option<string>("--dataset") { Description = "CSV: the column naming the dataset." };
        var loss = new Option<string>("--loss") { Description = "CSV: the column holding each dataset's minimum SFT validation loss." };
        var ceiling = new Option<string>("--ceiling") { Description = "CSV: the column holding the best A_post (empty for candidates without RL runs)." };
        var level = new Option<double>("--level") { Description = "Coverage of the prediction intervals.", DefaultValueFactory = _ => SelectionOptions.Default.Level };
        var format = CommonOptions.Format();

        var command = new Command("select", "Correlate minimum SFT validation loss with the best ceiling across datasets, fit a predictor and rank candidate datasets.");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { dataset, loss, ceiling, level, format })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (!StudyManifest.IsManifestPath(result.GetValue(file) ?? string.Empty) && (result.GetResult(dataset) is null || result.GetResult(loss) is null || result.GetResult(ceiling) is null))
            {
                result.AddError("A CSV needs --dataset, --loss and --ceiling (its columns).");
            }
        });

        command.SetAction(parse =>
        {
            var options = new SelectionOptions { Level = parse.GetValue(level) };
            options.Validate();
            var path = parse.GetValue(file)!;
            var (fitted, candidates) = StudyManifest.IsManifestPath(path)
                ? StudyDatasets(path, parse.InvocationConfiguration.Error)
                : DatasetTable.Read(path, parse.GetValue(dataset)!, parse.GetValue(loss)!, parse.GetValue(ceiling)!);
            var analysis = DatasetSelection.Analyze(fitted, candidates, options);
            var output = parse.InvocationConfiguration.Output;
            switch (parse.GetValue(format))
            {
                case OutputFormat.Json:
                    JsonOutput.Write(output, Report(path, options.Level, analysis));
                    break;
                case OutputFormat.Csv:
                    WriteCsv(output, analysis);
                    break;
                default:
                    WriteTables(output, options.Level, analysis);
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

    /// <summary>The manifest form: each SFT run's minimum validation loss and its branches' best ceiling (or the reported one).</summary>
    private static (IReadOnlyList<DatasetOutcome> Fitted, IReadOnlyList<DatasetCandidate> Candidates) StudyDatasets(string manifest, TextWriter progress)
    {
        var study = StudyLoader.Load(manifest, new StudyOptions { Resamples = 0 }, progress);
        var known = study.Datasets.Where(d => double.IsFinite(d.MinValidationLoss)).ToList();
        var fitted = known.Where(d => double.IsFinite(d.BestAPost)).Select(d => new DatasetOutcome(d.Name, d.MinValidationLoss, d.BestAPost)).ToList();
        return fitted.Count == 0
            ? throw Headroom.Core.InvalidSettingException.Inconsistent($"{manifest}: no SFT run has both a minimum validation loss and a ceiling")
            : (fitted, [.. known.Where(d => !double.IsFinite(d.BestAPost)).Select(d => new DatasetCandidate(d.Name, d.MinValidationLoss))]);
    }

    private static string Number(double value, string format = "G4")
        => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Interval(CeilingPrediction p) => double.IsFinite(p.Low) ? $"[{Number(p.Low, "F2")}, {Number(p.High, "F2")}]" : "-";

    private static void WriteTables(TextWriter output, double level, SelectionAnalysis a)
    {
        var console = ConsoleFactory.For(output);
        var c = a.Correlation;
        var p = a.Predictor;
        console.WriteLine($"{c.Count} datasets with a known ceiling: Pearson r = {Number(c.Pearson, "F3")} (p = {Number(c.PearsonPValue, "F3")}), Spearman rho = {Number(c.Spearman, "F3")}.");
        console.WriteLine($"Predictor: ceiling = {Number(p.Intercept, "F2")} + ({Number(p.Slope, "F2")}) x loss, R^2 = {Number(p.RSquared, "F3")}, residual SE = {Number(p.ResidualStandardError, "F2")}; intervals at {Number(level * 100, "G3")}%.");
        var fitted = new Table().AddColumns("dataset", "min val loss", "best ceiling", "predicted", "residual");
        foreach (var f in a.Fitted)
        {
            fitted.AddRow(Markup.Escape(f.Name), Number(f.MinValidationLoss), Number(f.Observed, "F2"), Number(f.Predicted, "F2"), Number(f.Residual, "+0.00;-0.00"));
        }

        console.Write(fitted);
        if (a.Ranking.Count == 0)
        {
            console.WriteLine("No candidate dataset to rank (give rows with an empty ceiling).");
            return;
        }

        var ranking = new Table().AddColumns("rank", "candidate", "min val loss", "predicted ceiling", Markup.Escape($"{Number(level * 100, "G3")}% interval"), "extrapolated");
        for (var i = 0; i < a.Ranking.Count; i++)
        {
            var r = a.Ranking[i];
            ranking.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Name), Number(r.MinValidationLoss), Number(r.Predicted, "F2"), Markup.Escape(Interval(r)), r.Extrapolated ? "yes" : "no");
        }

        console.Write(ranking);
    }

    private static void WriteCsv(TextWriter output, SelectionAnalysis a)
    {
        using var csv = CsvWriter.Create(output, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        csv.WriteRecord("role", "rank", "dataset", "min_validation_loss", "observed_ceiling", "predicted_ceiling", "low", "high", "extrapolated");
        static string R(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
        foreach (var f in a.Fitted)
        {
            csv.WriteRecord("fitted", string.Empty, f.Name, R(f.MinValidationLoss), R(f.Observed), R(f.Predicted), R(f.Low), R(f.High), f.Extrapolated ? "true" : "false");
        }

        for (var i = 0; i < a.Ranking.Count; i++)
        {
            var r = a.Ranking[i];
            csv.WriteRecord("candidate", (i + 1).ToString(CultureInfo.InvariantCulture), r.Name, R(r.MinValidationLoss), string.Empty, R(r.Predicted), R(r.Low), R(r.High), r.Extrapolated ? "true" : "false");
        }
    }

    private static SelectReport Report(string path, double level, SelectionAnalysis a)
    {
        var p = a.Predictor;
        return new SelectReport(
            path,
            level,
            new CorrelationReport(a.Correlation.Count, a.Correlation.Pearson, a.Correlation.PearsonPValue, a.Correlation.Spearman),
            new PredictorReport(p.Slope, p.Intercept, p.RSquared, p.ResidualStandardError, p.Count, p.MinObservedLoss, p.MaxObservedLoss),
            a.Fitted.Select(f => new FittedReport(f.Name, f.MinValidationLoss, f.Observed, f.Predicted, f.Residual, f.Low, f.High)).ToArray(),
            a.Ranking.Select((r, i) => new RankedReport(i + 1, r.Name, r.MinValidationLoss, r.Predicted, r.Low, r.High, r.Extrapolated)).ToArray(),
            a.Warnings);
    }

    /// <summary>The JSON document of `headroom select`.</summary>
    private sealed record SelectReport(
        string File,
        double Level,
        CorrelationReport Correlation,
        PredictorReport Predictor,
        IReadOnlyList<FittedReport> Fitted,
        IReadOnlyList<RankedReport> Ranking,
        IReadOnlyList<string> Warnings);

    private sealed record CorrelationReport(int Count, double Pearson, double PearsonPValue, double Spearman);

    private sealed record PredictorReport(
        double Slope, double Intercept, double RSquared, double ResidualStandardError, int Count, double MinObservedLoss, double MaxObservedLoss);

    private sealed record FittedReport(string Dataset, double MinValidationLoss, double BestCeiling, double Predicted, double Residual, double Low, double High);

    private sealed record RankedReport(int Rank, string Dataset, double MinValidationLoss, double PredictedCeiling, double Low, double High, bool Extrapolated);
}
