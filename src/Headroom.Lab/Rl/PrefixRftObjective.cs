namespace Headroom.Lab.Rl;

/// <summary>
/// Prefix-RFT's loss: GRPO over each group, the prefixed rollouts among its members (advantages over the
/// whole group, the reward of the full text). Sampled tokens take PPO's clipped ratio against the sampler;
/// the expert's prefix tokens, whose behaviour likelihood is unknown, take their ratio against the policy
/// before the update (ρ = π / sg(π) = 1, as SRFT's off-policy term), so each passes −A ∇log π / n:
///
///     L = Σ_t mask_t max(−A ρ_t, −A clip(ρ_t, 1 − ε_low, 1 + ε_high)) / Σ_t mask_t,   ρ_t = π / π_old on sampled tokens, 1 on prefix tokens
/// </summary>
internal sealed class PrefixRftObjective : IRlObjective
{
    public StepRows Rows(IReadOnlyList<RlTrainer.Group> groups, RlConfig config)
    {
        var rows = new GrpoObjective().Rows(groups, config).Rows;
        var prefixed = rows.Where(r => r.ExpertTokens > 0).ToList();
        return new StepRows(rows, new Dictionary<string, double>
        {
            ["prefix_rft/prefixed_rollouts"] = prefixed.Count,
            ["prefix_rft/prefix_tokens_mean"] = prefixed.Count > 0 ? prefixed.Average(r => r.ExpertTokens) : double.NaN,
            ["prefix_rft/prefixed_score_mean"] = prefixed.Count > 0 ? prefixed.Average(r => r.Reward) : double.NaN,
        });
    }

    public ObjectiveLoss Loss(LossInputs inputs, RlConfig config)
    {
        var old = (inputs.OldLogProbs * inputs.OnPolicyMask) + (inputs.LogProbs.detach() * inputs.ExpertMask);
        return new GrpoObjective().Loss(inputs with { OldLogProbs = old }, config);
    }
}
