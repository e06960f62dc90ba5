using System.Globalization;
using System.Text.Json;
using Headroom.Core.Regimes;
using Headroom.Study;

namespace Headroom.Cli.Watch;

/// <summary>Writes <see cref="WatchEvent"/>s as lines a person reads, or as JSON lines (one object per event, `event` naming it).</summary>
internal sealed class WatchPrinter(TextWriter output, bool json, RegimeOptions options)
{
    private static readonly JsonSerializerOptions _compact = new(JsonConvention.Options) { WriteIndented = false };

    public void Write(WatchEvent watchEvent)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(Json(watchEvent), _compact));
        }
        else
        {
            output.WriteLine(Text(watchEvent));
        }

        output.Flush();
    }

    public void WriteCommandRan(string command, int exitCode)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new { Event = "on_stable", Command = command, ExitCode = exitCode }, _compact));
            output.Flush();
        }
    }

    private string Text(WatchEvent watchEvent) => watchEvent switch
    {
        EvaluationSeen e => $"step {Step(e.Step),-8} loss {N(e.Loss),-10} {Status(e),-18} L_min {N(e.MinimumLoss)} at {Step(e.MinimumStep)}; switch point so far: {Step(e.RecommendedStep)}",
        StableEntered e => $"Stable {(e.AtEnd ? "(final labels, training ended)" : $"(held for {e.ConfirmedBy} evaluation(s))")}: switch to RL from step {Step(e.Step)}, "
            + $"loss {N(e.Loss)} within {Pct(options.Delta)} of L_min {N(e.MinimumLoss)}; checkpoint: {e.Checkpoint ?? "none saved at or after it yet"}",
        SwitchMoved e => $"Switch point moved from step {Step(e.FromStep)} to {Step(e.ToStep)} (a lower loss moved the Stable band); checkpoint: {e.Checkpoint ?? "none saved at or after it yet"}",
        SevereOverfittingSeen e => $"Severe overfitting at step {Step(e.Step)}: loss {N(e.Loss)} is {Pct((e.Loss / e.MinimumLoss) - 1)} above L_min {N(e.MinimumLoss)} (threshold {Pct(options.Delta2)})",
        EvaluationChanged e => $"step {Step(e.Step)}: loss changed from {N(e.Before)} to {N(e.After)} (its log was rewritten)",
        TrainingFinished e => e.RecommendedStep is { } step
            ? $"Training ended after {e.Evaluations} evaluation(s); final switch point: step {Step(step)}; checkpoint: {e.Checkpoint ?? "none saved at or after it"}"
            : "Training ended; no validation loss was seen.",
        WatchNote e => $"note: {e.Text}",
        _ => throw new ArgumentOutOfRangeException(nameof(watchEvent), watchEvent.GetType().Name, "an event the printer does not know"),
    };

    private static object Json(WatchEvent watchEvent) => watchEvent switch
    {
        EvaluationSeen e => new { Event = "evaluation", e.Step, e.Loss, Regime = e.Regime.JsonName(), e.Falling, MinLoss = e.MinimumLoss, MinStep = e.MinimumStep, RecommendedStep = e.RecommendedStep, Provisional = true },
        StableEntered e => new { Event = "stable", e.Step, e.Loss, MinLoss = e.MinimumLoss, e.Checkpoint, e.ConfirmedBy, e.AtEnd },
        SwitchMoved e => new { Event = "switch_moved", e.FromStep, e.ToStep, e.Loss, e.Checkpoint },
        SevereOverfittingSeen e => new { Event = "severe", e.Step, e.Loss, MinLoss = e.MinimumLoss },
        EvaluationChanged e => new { Event = "evaluation_changed", e.Step, e.Before, e.After },
        TrainingFinished e => new { Event = "done", e.Evaluations, e.RecommendedStep, e.Checkpoint, e.Warnings },
        WatchNote e => new { Event = "note", e.Text },
        _ => throw new ArgumentOutOfRangeException(nameof(watchEvent), watchEvent.GetType().Name, "an event the printer does not know"),
    };

    // A new minimum with nothing else in its band is labelled Stable by the classifier; to a person it is a falling loss.
    private string Status(EvaluationSeen e) => e.Seen == 1 ? "first evaluation" : e.Falling ? $"falling (> {Pct(options.Delta)})" : e.Regime.Label();

    private static string Step(long step) => step.ToString(CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Pct(double fraction) => fraction.ToString("0.#%", CultureInfo.InvariantCulture);
}
