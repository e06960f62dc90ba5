namespace Headroom.Lab;

/// <summary>How the base model's pretraining ended: at a plateau of its validation loss (the stopping rule) or at the step cap.</summary>
/// <param name="Steps">Steps trained.</param>
/// <param name="MaxSteps">The cap.</param>
/// <param name="Plateau">True when the validation loss reached its plateau (the stopping rule held), so the run stopped there or cooled down after it.</param>
/// <param name="Rule">The stopping rule in words.</param>
/// <param name="BestEvalLoss">Lowest validation loss (held-out pretraining corpus).</param>
/// <param name="FinalEvalLoss">Validation loss at the last step.</param>
/// <param name="ResumedFromStep">The checkpoint step this call resumed pretraining from (0: fresh, or already finished).</param>
/// <param name="PlateauStep">The step of the evaluation at which the rule first held; null when it never did.</param>
/// <param name="LastIntervalDrop">How much the last evaluation interval lowered the validation loss, relative to the one before
/// (0.01: 1%; negative when it rose; NaN with fewer than two evaluations): the evidence that a fixed-length run ended on its plateau.</param>
public sealed record PretrainSummary(int Steps, int MaxSteps, bool Plateau, string Rule, double BestEvalLoss, double FinalEvalLoss, int ResumedFromStep = 0, int? PlateauStep = null, double LastIntervalDrop = double.NaN)
{
    /// <summary>A last interval that lowers the loss by more than this means the base model was still learning when it stopped.</summary>
    public const double StillImproving = 0.02;
}
