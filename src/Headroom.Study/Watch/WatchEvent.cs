using Headroom.Core.Regimes;

namespace Headroom.Study;

/// <summary>Something `headroom watch` has to tell about a live SFT run; see <see cref="SftRunWatch"/>.</summary>
public abstract record WatchEvent;

/// <summary>A new validation loss, labelled with the regime it has among the evaluations so far (provisional).</summary>
/// <param name="Step">The evaluation's step.</param>
/// <param name="Loss">Its validation loss.</param>
/// <param name="Regime">Its provisional regime: L_min is the minimum so far.</param>
/// <param name="MinimumLoss">L_min so far.</param>
/// <param name="MinimumStep">The step of L_min so far.</param>
/// <param name="RecommendedStep">The provisional switch point: the first checkpoint in the Stable band so far.</param>
/// <param name="Seen">The evaluations seen so far, this one included.</param>
public sealed record EvaluationSeen(long Step, double Loss, SftRegime Regime, double MinimumLoss, long MinimumStep, long RecommendedStep, int Seen) : WatchEvent
{
    /// <summary>
    /// True when this evaluation is the new minimum and no earlier one is within δ of it: the loss is still falling
    /// faster than the band, and its Stable label only says it is the minimum so far.
    /// </summary>
    public bool Falling => Seen > 1 && RecommendedStep == Step;
}

/// <summary>
/// The run has entered the Stable regime: the recommended switch point held for the confirming evaluations after
/// it (or, when training ended first, the final labels put it before the last evaluation).
/// </summary>
/// <param name="Step">The recommended switch point: the first Stable checkpoint.</param>
/// <param name="Loss">Its validation loss.</param>
/// <param name="MinimumLoss">L_min when it was confirmed.</param>
/// <param name="Checkpoint">The saved checkpoint to start RL from (at the step, or the first saved after it); null when none is saved.</param>
/// <param name="ConfirmedBy">The evaluations after <paramref name="Step"/> that did not move it.</param>
/// <param name="AtEnd">True when it was decided by the final labels, after training ended.</param>
public sealed record StableEntered(long Step, double Loss, double MinimumLoss, string? Checkpoint, int ConfirmedBy, bool AtEnd) : WatchEvent;

/// <summary>After the Stable entry was announced, a lower loss moved the band and with it the recommended switch point.</summary>
/// <param name="FromStep">The switch point announced before.</param>
/// <param name="ToStep">The switch point now.</param>
/// <param name="Loss">The validation loss at <paramref name="ToStep"/>.</param>
/// <param name="Checkpoint">The saved checkpoint for <paramref name="ToStep"/>, as in <see cref="StableEntered"/>.</param>
public sealed record SwitchMoved(long FromStep, long ToStep, double Loss, string? Checkpoint) : WatchEvent;

/// <summary>The newest evaluation is in Severe overfitting (L ≥ (1+δ₂) L_min after the Stable band); said once.</summary>
/// <param name="Step">The evaluation's step.</param>
/// <param name="Loss">Its validation loss.</param>
/// <param name="MinimumLoss">L_min so far.</param>
public sealed record SevereOverfittingSeen(long Step, double Loss, double MinimumLoss) : WatchEvent;

/// <summary>An evaluation already seen has a different loss now (its log was rewritten, e.g. by a restarted run).</summary>
/// <param name="Step">The evaluation's step.</param>
/// <param name="Before">The loss read before.</param>
/// <param name="After">The loss read now, which replaces it.</param>
public sealed record EvaluationChanged(long Step, double Before, double After) : WatchEvent;

/// <summary>The trainer has written what it writes when training ends; the labels are final.</summary>
/// <param name="Evaluations">The evaluations seen.</param>
/// <param name="RecommendedStep">The final switch point (first Stable checkpoint), or null when no loss was seen.</param>
/// <param name="Checkpoint">The saved checkpoint for it, as in <see cref="StableEntered"/>.</param>
/// <param name="Warnings">The final labels' warnings (e.g. the minimum is at the last evaluation).</param>
public sealed record TrainingFinished(int Evaluations, long? RecommendedStep, string? Checkpoint, IReadOnlyList<string> Warnings) : WatchEvent;

/// <summary>What the log follower had to say (a file rewritten, a checkpoint caught mid-write, a log not followed).</summary>
/// <param name="Text">One line.</param>
public sealed record WatchNote(string Text) : WatchEvent;
