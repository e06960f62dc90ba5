namespace Headroom.Core.Compute;

/// <summary>
/// Training compute per step and per run for each paradigm (framework.md §6):
///
///     SFT          3 B S F_fwd
///     GRPO         4 B G S F_fwd                      (1 generation forward + 3 for training)
///     DAPO         (K B_gen + 3 B_train) G S F_fwd    (K generation rounds this step)
///     LUFFY/SRFT   4 [B G S_on + B N S_off] F_fwd     (N expert trajectories per prompt)
///     UPT          B [G S_on + 3 (N_on S_on + N_off S_off)] F_fwd
///     Prefix-RFT   as GRPO
///
/// Each term "count × S × F_fwd" is evaluated as count × S̄ × F_fwd(attention length of that group of
/// sequences): on-policy and expert sequences each carry their own attention term. F_fwd follows the
/// chosen <see cref="FlopsConvention"/>; the paradigm sets how many forward-equivalent passes each token gets.
/// </summary>
public static class TrainingFlops
{
    /// <summary>Estimates the compute of <paramref name="steps"/> identical steps.</summary>
    /// <exception cref="InvalidSettingException">A count is not positive (batch, group, rounds) or negative (expert trajectories), or N_on exceeds G.</exception>
    public static FlopsEstimate Estimate(
        ModelDimensions model, TrainingParadigm paradigm, StepShape step, long steps, FlopsConvention convention = FlopsConvention.Retu)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(step);
        if (steps < 0)
        {
            throw InvalidSettingException.OutOfRange("steps", steps, "zero or more");
        }

        var counts = SequenceCounts.Of(paradigm, step);
        var onSequence = ForwardFlops.PerSequence(model, step.Sequence, convention);
        var offSequence = ForwardFlops.PerSequence(model, step.OffPolicySequence ?? step.Sequence, convention);
        var offMean = (step.OffPolicySequence ?? step.Sequence).Mean;
        return new FlopsEstimate(
            model,
            paradigm,
            convention,
            step,
            steps,
            ForwardFlops.DensePerToken(model, convention),
            ForwardFlops.AttentionPerToken(model, step.Sequence.AttentionLength, convention),
            ForwardOnlyPerStep: counts.ForwardOn * onSequence + counts.ForwardOff * offSequence,
            UpdatePerStep: 3.0 * (counts.TrainedOn * onSequence + counts.TrainedOff * offSequence),
            TrainedTokensPerStep: counts.TrainedOn * step.Sequence.Mean + counts.TrainedOff * offMean,
            ForwardOnlyTokensPerStep: counts.ForwardOn * step.Sequence.Mean + counts.ForwardOff * offMean);
    }

    /// <summary>FLOPs of one step.</summary>
    /// <exception cref="InvalidSettingException">As for <see cref="Estimate"/>.</exception>
    public static double PerStep(ModelDimensions model, TrainingParadigm paradigm, StepShape step, FlopsConvention convention = FlopsConvention.Retu)
        => Estimate(model, paradigm, step, 1, convention).PerStep;

    /// <summary>
    /// Cumulative FLOPs after each step of a run whose steps differ (e.g. RL, where the logged mean
    /// response length changes every step). Element i is the compute of steps 0..i; an empty run gives an empty array.
    /// </summary>
    /// <exception cref="InvalidSettingException">As for <see cref="Estimate"/>, for any step.</exception>
    public static double[] Cumulative(
        ModelDimensions model, TrainingParadigm paradigm, IEnumerable<StepShape> steps, FlopsConvention convention = FlopsConvention.Retu)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var total = 0.0;
        return steps.Select(step => total += PerStep(model, paradigm, step, convention)).ToArray();
    }

    /// <summary>How many sequences of each kind one step passes forward-only and trains (forward + backward).</summary>
    private readonly record struct SequenceCounts(double ForwardOn, double ForwardOff, double TrainedOn, double TrainedOff)
    {
        public static SequenceCounts Of(TrainingParadigm paradigm, StepShape step)
        {
            var b = Positive("batch", step.Batch);
            if (paradigm == TrainingParadigm.Sft)
            {
                return new(0, 0, b, 0);
            }

            var g = AtLeastOne("group", step.Group);
            return paradigm switch
            {
                TrainingParadigm.Grpo or TrainingParadigm.PrefixRft => new(b * g, 0, b * g, 0),
                TrainingParadigm.Dapo => new(
                    AtLeastOne("generation rounds", step.GenerationRounds) * Positive("generation batch", step.GenerationBatch ?? b) * g, 0, b * g, 0),
                TrainingParadigm.Luffy or TrainingParadigm.Srft => new(
                    b * g, b * NonNegative("expert trajectories per prompt", step.ExpertPerPrompt), b * g, b * step.ExpertPerPrompt),
                TrainingParadigm.Upt => new(b * g, 0, b * OnTrained(step, g), b * NonNegative("expert trajectories per prompt", step.ExpertPerPrompt)),
                _ => throw new ArgumentOutOfRangeException(nameof(paradigm), paradigm, "Unknown training paradigm."),
            };
        }

        private static double OnTrained(StepShape step, double group)
        {
            var onTrained = NonNegative("on-policy rollouts trained per prompt", step.OnPolicyTrainedPerPrompt ?? group);
            return onTrained <= group
                ? onTrained
                : throw InvalidSettingException.OutOfRange("on-policy rollouts trained per prompt", onTrained, $"at most the group size G = {group}");
        }

        private static double Positive(string name, double value)
            => double.IsFinite(value) && value > 0 ? value : throw InvalidSettingException.OutOfRange(name, value, "a positive number");

        private static double AtLeastOne(string name, double value)
            => double.IsFinite(value) && value >= 1 ? value : throw InvalidSettingException.OutOfRange(name, value, "at least 1");

        private static double NonNegative(string name, double value)
            => double.IsFinite(value) && value >= 0 ? value : throw InvalidSettingException.OutOfRange(name, value, "zero or more");
    }
}
