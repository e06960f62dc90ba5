namespace Headroom.Core.Compute;

/// <summary>
/// What one training step processes (framework.md §6). Counts are doubles so that per-run means (e.g. a
/// mean number of generation rounds K) can be used. Which fields matter depends on the paradigm:
/// <list type="bullet">
/// <item>SFT: <see cref="Batch"/> sequences of length <see cref="Sequence"/>.</item>
/// <item>GRPO, Prefix-RFT: <see cref="Batch"/> prompts × <see cref="Group"/> rollouts of length <see cref="Sequence"/>.</item>
/// <item>DAPO: also <see cref="GenerationRounds"/> (K) over <see cref="GenerationBatch"/> prompts each; <see cref="Batch"/> prompts are trained.</item>
/// <item>LUFFY, SRFT: also <see cref="ExpertPerPrompt"/> (N) expert trajectories of length <see cref="OffPolicySequence"/>.</item>
/// <item>UPT: per prompt G rollouts generated, <see cref="OnPolicyTrainedPerPrompt"/> (N_on) of them trained and
/// <see cref="ExpertPerPrompt"/> (N_off) expert trajectories imitated (means over the step's prompts).</item>
/// </list>
/// </summary>
public sealed record StepShape
{
    /// <summary>SFT: sequences per step. RL: prompts trained per step (B, or B_train for DAPO).</summary>
    public required double Batch { get; init; }

    /// <summary>The lengths (prompt + response) of the on-policy or SFT sequences (S, or S_on).</summary>
    public required SequenceLengths Sequence { get; init; }

    /// <summary>Rollouts per prompt, G (RL only; default 1).</summary>
    public double Group { get; init; } = 1;

    /// <summary>DAPO: generation rounds this step, K (default 1).</summary>
    public double GenerationRounds { get; init; } = 1;

    /// <summary>DAPO: prompts per generation round, B_gen (default: <see cref="Batch"/>).</summary>
    public double? GenerationBatch { get; init; }

    /// <summary>LUFFY/SRFT: expert trajectories per prompt, N. UPT: expert trajectories imitated per prompt, N_off (default 0).</summary>
    public double ExpertPerPrompt { get; init; }

    /// <summary>The lengths of the expert (off-policy) trajectories, S_off (default: <see cref="Sequence"/>).</summary>
    public SequenceLengths? OffPolicySequence { get; init; }

    /// <summary>UPT: on-policy rollouts trained per prompt, N_on (default: <see cref="Group"/>, i.e. every prompt takes the GRPO loss).</summary>
    public double? OnPolicyTrainedPerPrompt { get; init; }

    /// <summary>A step with <paramref name="batch"/> sequences (or prompts) of mean length <paramref name="meanLength"/>.</summary>
    public static StepShape Of(double batch, double meanLength) => new() { Batch = batch, Sequence = SequenceLengths.OfMean(meanLength) };
}
