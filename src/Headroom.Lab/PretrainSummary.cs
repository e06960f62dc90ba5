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
public sealed record PretrainSummary(int Steps, int MaxSteps, bool Plateau, string Rule, double BestEvalLoss, double FinalEvalLoss, int ResumedFromStep = 0, int? PlateauStep = null);
