using static TorchSharp.torch;

namespace Headroom.Lab.Rl;

/// <summary>
/// SRFT (Fu et al. 2025, "SRFT: A Single-Stage Method with Supervised and Reinforcement Fine-Tuning for
/// Reasoning"; framework.md §8). Groups as LUFFY's (G rollouts and N expert trajectories, advantages over
/// the mixed group, GRPO's std division), and four terms, each a token mean over its own tokens:
///
///     J_SFT = mean over expert tokens of −log π                      imitate the expert
///     J_off = mean over expert tokens of max(−A ρ, −A clip(ρ))        off-policy RL, ρ = π / sg(π) = 1
///     J_pos = mean over tokens of correct rollouts of −log π          raise their likelihood
///     J_neg = mean over tokens of incorrect rollouts of +log π        lower theirs
///     L     = w1 J_SFT + J_off + w2 J_pos + J_neg,   w1 = c1 exp(−H),  w2 = c2 exp(H)
///
/// H is the policy's token-mean entropy on its own rollouts, stop-gradient (c1 = 0.5, c2 = 0.1): a
/// confident policy imitates more and a searching one leans on its successes. J_off's ratio is taken
/// against the policy before the update (verl recomputes π_old for every response, the expert's too), so
/// its gradient is −A ∇log π / n. A term with no tokens is 0 (and logged as NaN).
/// </summary>
internal sealed class SrftObjective : IRlObjective
{
    public StepRows Rows(IReadOnlyList<RlTrainer.Group> groups, RlConfig config) => new(MixedGroups.Rows(groups, config));

    public ObjectiveLoss Loss(LossInputs inputs, RlConfig config)
    {
        var entropy = PolicyUpdate.PolicyEntropy(inputs);
        var (w1, w2) = (config.SftWeight * Math.Exp(-entropy), config.PositiveWeight * Math.Exp(entropy));
        var expert = inputs.ExpertMask;
        var correct = inputs.OnPolicyMask * (inputs.Rewards > 0).to(ScalarType.Float32).unsqueeze(1);
        var incorrect = inputs.OnPolicyMask - correct;

        var sft = MaskedMean(-inputs.LogProbs, expert);
        var off = PolicyLoss.Compute(inputs.LogProbs, inputs.LogProbs.detach(), inputs.Advantages, expert, config.ClipLow, config.ClipHigh).Loss;
        var positive = MaskedMean(-inputs.LogProbs, correct);
        var negative = MaskedMean(inputs.LogProbs, incorrect);
        var rl = off + w2 * positive + negative;
        var loss = w1 * sft + rl;

        return new ObjectiveLoss(loss, new Dictionary<string, double>
        {
            ["actor/pg_loss"] = rl.item<float>(),
            ["actor/sft_loss"] = Logged(sft, expert),
            ["actor/off_pg_loss"] = Logged(off, expert),
            ["actor/pos_loss"] = Logged(positive, correct),
            ["actor/neg_loss"] = Logged(negative, incorrect),
            ["actor/sft_weight"] = w1,
            ["actor/pos_weight"] = w2,
        });
    }

    private static Tensor MaskedMean(Tensor values, Tensor mask) => (values * mask).sum() / mask.sum().clamp_min(1);

    private static double Logged(Tensor term, Tensor mask) => mask.sum().item<float>() > 0 ? term.item<float>() : double.NaN;
}
