using System.Globalization;
using Spectre.Console;

namespace Headroom.Lab.Cli.Commands;

/// <summary>The human tables of `headroom lab`.</summary>
internal static class LabTables
{
    public static void Data(IAnsiConsole console, DataReport report)
    {
        console.WriteLine($"Lab world in {report.Folder} (preset {report.Preset}, seed {report.Seed}, threads {report.Threads}, model {report.Model}: {report.Parameters:N0} parameters)");
        var sets = new Table().AddColumns("SFT set", "examples", "mean steps", "mean win rate");
        foreach (var set in report.Datasets)
        {
            sets.AddRow(set.Name, set.Examples.ToString(CultureInfo.InvariantCulture), F(set.MeanSteps, 2), F(set.MeanWinRate, 3));
        }

        sets.AddRow("validation", report.ValidationExamples.ToString(CultureInfo.InvariantCulture), "", "");
        console.Write(sets);
        console.WriteLine($"Difficulty (base model as reference, 4 attempts, {report.Labelled} candidates): win rate 0/4..4/4 = {string.Join(" / ", report.WinRateHistogram)}");
        console.WriteLine($"Mean win rate by reasoning steps 1..{report.WinRateBySteps.Count}: {string.Join(" ", report.WinRateBySteps.Select(w => F(w, 2)))}");
        Scores(console, "Base model", report.BaseScores, report.BaseHeadline, report.BaseEvalLoss);
    }

    public static void Training(IAnsiConsole console, TrainingReport report)
    {
        console.WriteLine($"{report.Stage}: {report.Steps} steps in {report.Folder} (seed {report.Seed}, threads {report.Threads}, model {report.Model}: {report.Parameters:N0} parameters{(report.ResumedFromStep > 0 ? $", resumed from step {report.ResumedFromStep}" : "")})");
        var names = report.Evaluations.SelectMany(e => e.Scores.Keys).Distinct().ToList();
        var table = new Table().AddColumns(["step", "FLOPs", "eval_loss", .. names, "headline"]);
        foreach (var e in report.Evaluations)
        {
            table.AddRow([e.Step.ToString(CultureInfo.InvariantCulture), e.Flos.ToString("0.00e+0", CultureInfo.InvariantCulture), F(e.EvalLoss, 4), .. names.Select(n => F(e.Scores.GetValueOrDefault(n, double.NaN), 3)), F(e.Headline, 3)]);
        }

        console.Write(table);
        console.WriteLine($"L_min = {F(report.MinEvalLoss, 4)} at step {report.MinEvalStep}; train loss {F(report.TrainLoss, 4)}; {report.TokensSeen:N0} tokens; {report.TotalFlos.ToString("0.00e+0", CultureInfo.InvariantCulture)} FLOPs; {F(report.Seconds, 1)} s");
    }

    public static void Evaluation(IAnsiConsole console, EvaluationReport report)
        => Scores(console, report.Checkpoint, report.Scores, report.Headline, report.EvalLoss);

    private static void Scores(IAnsiConsole console, string title, IReadOnlyList<BenchmarkResult> scores, double headline, double evalLoss)
    {
        var table = new Table().AddColumns("benchmark", "mirrors", "problems", "metric", "accuracy");
        foreach (var s in scores)
        {
            table.AddRow(s.Name, s.Mirrors, s.Problems.ToString(CultureInfo.InvariantCulture), s.SamplesPerProblem == 1 ? "pass@1" : $"Avg@{s.SamplesPerProblem}", F(s.Accuracy, 3));
        }

        console.WriteLine($"{title}: headline {F(headline, 3)} (problem-count weighted), validation loss {F(evalLoss, 4)}");
        console.Write(table);
    }

    private static string F(double value, int digits) => double.IsFinite(value) ? value.ToString("F" + digits, CultureInfo.InvariantCulture) : "-";
}
