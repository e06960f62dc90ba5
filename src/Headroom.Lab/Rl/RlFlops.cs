using Headroom.Core.Compute;

namespace Headroom.Lab.Rl;

/// <summary>
/// One RL step's compute with Core's formulas (framework.md §6), S_on the step's mean prompt + response
/// length over every generated rollout and S_off the trained expert trajectories' mean:
/// GRPO 4 B G S F_fwd; DAPO (K B_gen + 3 B_train) G S F_fwd; LUFFY and SRFT 4 [B G S_on + B N S_off] F_fwd;
/// Prefix-RFT as GRPO; UPT B [G S_on + 3 (N_on S_on + N_off S_off)] F_fwd with N_on, N_off the step's trained rollouts and
/// expert trajectories per prompt. A step that trained nothing costs its generation alone.
/// </summary>
internal static class RlFlops
{
    public static double PerStep(ModelDimensions dimensions, RlRun run, int trainedPrompts, int rounds, double meanLength, UpdateStats update)
    {
        var config = run.Config;
        var sequence = SequenceLengths.OfMean(meanLength);
        if (trainedPrompts == 0)
        {
            return rounds * config.PromptsPerRound * config.Group * ForwardFlops.PerSequence(dimensions, sequence, FlopsConvention.Retu);
        }

        var shape = new StepShape { Batch = trainedPrompts, Group = config.Group, Sequence = sequence };
        var expert = update.OffPolicySamples == 0 ? shape : shape with
        {
            ExpertPerPrompt = update.OffPolicySamples / (double)trainedPrompts,
            OffPolicySequence = SequenceLengths.OfMean(update.OffPolicyTokens / (double)update.OffPolicySamples),
        };
        return run.Algorithm switch
        {
            RlAlgorithm.Grpo => TrainingFlops.PerStep(dimensions, TrainingParadigm.Grpo, shape),
            RlAlgorithm.PrefixRft => TrainingFlops.PerStep(dimensions, TrainingParadigm.PrefixRft, shape),
            RlAlgorithm.DapoD or RlAlgorithm.DapoDc => TrainingFlops.PerStep(dimensions, TrainingParadigm.Dapo, shape with { GenerationRounds = rounds, GenerationBatch = config.PromptsPerRound }),
            RlAlgorithm.Luffy => TrainingFlops.PerStep(dimensions, TrainingParadigm.Luffy, expert),
            RlAlgorithm.Srft => TrainingFlops.PerStep(dimensions, TrainingParadigm.Srft, expert),
            RlAlgorithm.Upt => TrainingFlops.PerStep(dimensions, TrainingParadigm.Upt, expert with { OnPolicyTrainedPerPrompt = update.OnPolicySamples / (double)trainedPrompts }),
            _ => throw new ArgumentOutOfRangeException(nameof(run), run.Algorithm, "Unknown RL algorithm."),
        };
    }
}
