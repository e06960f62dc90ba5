using System.Globalization;
using Spectre.Console;

namespace Headroom.Lab.Cli.Commands;

/// <summary>The human tables of `headroom lab`.</summary>
internal static class LabTables
{
    public static void Data(IAnsiConsole console, DataReport report)
    {
        console.WriteLine($"Lab world v{report.Version} in {report.Folder} (preset {report.Preset}, seeds {report.Seeds}, threads {report.Threads}, model {report.Model}: {report.Parameters:N0} parameters)");
        var p = report.Pretraining;
        var ending = p.PlateauStep is { } plateau ? $"plateau at step {plateau}{(p.Steps > plateau ? ", then cooled down" : "")}" : $"ran to its {p.MaxSteps}-step budget";
        console.WriteLine($"Base model: {p.Steps} pretraining steps, {ending} (rule: {p.Rule}); held-out corpus loss best {F(p.BestEvalLoss, 4)}, last {F(p.FinalEvalLoss, 4)}{(double.IsFinite(p.LastIntervalDrop) ? $", lowered {F(100 * p.LastIntervalDrop, 2)}% by its last evaluation interval" : "")}");
        if (p.LastIntervalDrop > PretrainSummary.StillImproving)
        {
            console.WriteLine($"Warning: the base model was still learning when pretraining stopped (more than {PretrainSummary.StillImproving:P0} in its last interval): its results depend on where it stopped; give it more steps (--set max_steps=N).");
        }
        var sets = new Table().AddColumns("SFT set", "examples", "mean steps", "slip-prone steps", "mean response tokens", "weak win rate (labelled)", "unfamiliar steps", "distinct answers", "top answer share");
        foreach (var set in report.Sets)
        {
            sets.AddRow(set.Name, I(set.Examples), F(set.MeanSteps, 2), F(set.MeanSlipSteps, 2), F(set.MeanResponseTokens, 1), $"{F(set.WeakWinRate, 3)} ({I(set.Labelled)})", F(set.UnfamiliarStepShare, 3), I(set.DistinctAnswers), F(set.TopAnswerShare, 3));
        }

        sets.AddRow("validation", I(report.ValidationExamples), "", "", "", "", "", "", "");
        console.Write(sets);
        console.WriteLine($"Difficulty (base model as the weaker reference, {report.Attempts} attempts, {report.Labelled} candidates): wins 0..{report.Attempts} = {string.Join(" / ", report.WinRateHistogram)}");
        console.WriteLine($"Mean win rate by reasoning steps 1..{report.WinRateBySteps.Count}: {string.Join(" ", report.WinRateBySteps.Select(w => F(w, 2)))}");
        console.WriteLine($"Of which lucky (a right answer without exact steps) by reasoning steps 1..{report.LuckyWinRateBySteps.Count}: {string.Join(" ", report.LuckyWinRateBySteps.Select(w => F(w, 3)))}");
        console.WriteLine($"Base model: headline {F(report.Headline.Base, 3)} ± {F(report.Headline.Se, 3)} (problem-count weighted, ± 1 SE), validation loss {F(report.BaseEvalLoss, 4)}");
        var table = new Table().AddColumns("benchmark", "mirrors", "steps", "slip-prone steps", "problems", "metric", "base score", "SE");
        foreach (var b in report.Benchmarks)
        {
            table.AddRow(b.Name, b.Mirrors, $"{b.MinSteps}–{b.MaxSteps}", F(b.MeanSlipSteps, 2), I(b.Problems), Metric(b.SamplesPerProblem), F(b.BaseScore, 3), F(b.Se, 3));
        }

        console.Write(table);
    }

    public static void Training(IAnsiConsole console, TrainingReport report)
    {
        console.WriteLine($"{report.Stage}: {report.Steps} steps in {report.Folder} (seed {report.Seed}, threads {report.Threads}, model {report.Model}: {report.Parameters:N0} parameters{(report.ResumedFromStep > 0 ? $", resumed from step {report.ResumedFromStep}" : "")}{(report.Plateau ? ", stopped at the validation-loss plateau" : "")})");
        var names = report.Evaluations.SelectMany(e => e.Scores.Keys).Distinct().ToList();
        var table = new Table().AddColumns(["step", "FLOPs", "eval_loss", .. names, "headline"]);
        foreach (var e in report.Evaluations)
        {
            table.AddRow([I(e.Step), E(e.Flos), F(e.EvalLoss, 4), .. names.Select(n => F(e.Scores.GetValueOrDefault(n, double.NaN), 3)), Headline(e)]);
        }

        console.Write(table);
        console.WriteLine($"L_min = {F(report.MinEvalLoss, 4)} at step {report.MinEvalStep}; train loss {F(report.TrainLoss, 4)}; {report.TokensSeen:N0} tokens; {E(report.TotalFlos)} FLOPs; {F(report.Seconds, 1)} s");
    }

    public static void Rl(IAnsiConsole console, RlReport report)
    {
        console.WriteLine($"{report.Stage}: {report.Steps} steps from {report.From} in {report.Folder} (seed {report.Seed}, threads {report.Threads}, model {report.Model}{(report.ResumedFromStep > 0 ? $", resumed from step {report.ResumedFromStep}" : "")})");
        var names = report.Evaluations.SelectMany(e => e.Scores.Keys).Distinct().ToList();
        var table = new Table().AddColumns(["step", "RL FLOPs", .. names, "headline"]);
        foreach (var e in report.Evaluations)
        {
            table.AddRow([I(e.Step), E(e.Flos), .. names.Select(n => F(e.Scores.GetValueOrDefault(n, double.NaN), 3)), Headline(e)]);
        }

        console.Write(table);
        console.WriteLine($"Log: {report.Log} (verl file logger); {E(report.TotalFlos)} FLOPs; {report.GenerationRounds} generation rounds; last mean reward {F(report.MeanReward, 3)}; {F(report.Seconds, 1)} s");
    }

    public static void Evaluation(IAnsiConsole console, EvaluationReport report)
    {
        Scores(console, report.Checkpoint, report.Scores, report.Headline, report.EvalLoss);
        if (report.Written is not null)
        {
            console.WriteLine($"Written to {report.Written}");
        }
    }

    public static void Export(IAnsiConsole console, ExportReport report)
    {
        console.WriteLine($"Exported {report.Checkpoint} to {report.Folder}: {string.Join(", ", report.Files)} ({report.Tensors.Count} tensors, {report.Parameters:N0} parameters, Hugging Face Llama names)");
    }

    private static void Scores(IAnsiConsole console, string title, IReadOnlyList<BenchmarkResult> scores, HeadlineScore headline, double evalLoss)
    {
        var table = new Table().AddColumns("benchmark", "mirrors", "problems", "metric", "accuracy", "SE");
        foreach (var s in scores)
        {
            table.AddRow(s.Name, s.Mirrors, I(s.Problems), Metric(s.SamplesPerProblem), F(s.Accuracy, 3), F(s.Se, 3));
        }

        console.WriteLine($"{title}: headline {F(headline.Score, 3)} ± {F(headline.Se, 3)} (problem-count weighted, ± 1 SE), validation loss {F(evalLoss, 4)}");
        console.Write(table);
    }

    private static string Metric(int samples) => samples == 1 ? "pass@1" : $"Avg@{samples}";

    private static string Headline(CheckpointSummary e) => double.IsFinite(e.HeadlineSe) ? $"{F(e.Headline, 3)} ± {F(e.HeadlineSe, 3)}" : F(e.Headline, 3);

    private static string F(double value, int digits) => double.IsFinite(value) ? value.ToString("F" + digits, CultureInfo.InvariantCulture) : "-";

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string E(double value) => value.ToString("0.00e+0", CultureInfo.InvariantCulture);
}
