namespace Headroom.Lab.Training;

/// <summary>
/// The pretraining stopping rule: a run has reached its plateau when the last <c>patience</c> evaluations
/// have not lowered the best validation loss seen before them by a relative <c>improvement</c>, i.e.
/// min(L[n-p..n-1]) &gt; (1 - improvement) · min(L[0..n-p-1]). Stopping at a plateau, not at a step
/// count, makes the base model a property of its data rather than of how far the last bits carried it.
/// </summary>
internal static class PlateauRule
{
    /// <summary>True when <paramref name="losses"/> (in evaluation order) have plateaued; false with patience 0 or too few evaluations.</summary>
    public static bool Reached(IReadOnlyList<double> losses, int patience, double improvement)
    {
        if (patience <= 0 || losses.Count <= patience)
        {
            return false;
        }

        var before = losses.Take(losses.Count - patience).Min();
        var recent = losses.Skip(losses.Count - patience).Min();
        return recent > (1 - improvement) * before;
    }

    /// <summary>The step of the first evaluation at which the rule held, or null; <paramref name="evaluations"/> in step order.</summary>
    public static int? FirstReached(IReadOnlyList<(int Step, double Loss)> evaluations, int patience, double improvement)
    {
        var losses = evaluations.Select(e => e.Loss).ToList();
        for (var n = 1; n <= losses.Count; n++)
        {
            if (Reached(losses[..n], patience, improvement))
            {
                return evaluations[n - 1].Step;
            }
        }

        return null;
    }

    /// <summary>
    /// The last step of training under <paramref name="config"/> given the evaluations so far: the plateau's
    /// step (or MaxSteps) without a cooldown; with one, the cooldown's end after the plateau, at most MaxSteps.
    /// </summary>
    public static int LastStep(TrainConfig config, IReadOnlyList<(int Step, double Loss)> evaluations)
    {
        var plateau = FirstReached(evaluations, config.PlateauPatience, config.PlateauImprovement);
        return config.CooldownSteps <= 0
            ? plateau ?? config.MaxSteps
            : Math.Min(plateau ?? int.MaxValue, config.MaxSteps - config.CooldownSteps) + config.CooldownSteps;
    }

    /// <summary>1 - L[n-1] / L[n-2] of the losses in evaluation order: the last interval's relative drop; NaN with fewer than two.</summary>
    public static double LastIntervalDrop(IReadOnlyList<double> losses)
        => losses.Count < 2 ? double.NaN : 1 - losses[^1] / losses[^2];

    /// <summary>The rule in words, for logs and reports.</summary>
    public static string Describe(TrainConfig config)
        => config.PlateauPatience <= 0
            ? $"fixed length: {config.MaxSteps} steps, the learning rate "
              + (config.CooldownSteps > 0 ? $"held, then falling linearly to {config.MinLearningRate:G3} over the last {config.CooldownSteps} steps" : $"cosine-decayed to {config.MinLearningRate:G3}")
            : $"plateau when {config.PlateauPatience} evaluations in a row (every {config.EvalInterval} steps) lower the best validation loss by less than {config.PlateauImprovement:P0}; "
              + (config.CooldownSteps > 0
                  ? $"then the learning rate falls linearly to {config.MinLearningRate:G3} over {config.CooldownSteps} steps and training stops; at most {config.MaxSteps} steps"
                  : $"stop there; at most {config.MaxSteps} steps");
}
