namespace Headroom.Lab.Rl;

/// <summary>
/// LUFFY (Yan et al. 2025, "Learning to Reason under Off-Policy Guidance"; framework.md §8). Each group holds
/// the prompt's G rollouts and N expert trajectories (rewarded by the verifier like any response);
/// advantages are centred on the mixed group's mean without dividing by its std, A_i = R_i − mean(R).
/// With ρ_t = π(a_t) / π_old(a_t) on sampled tokens and p_t = π(a_t) on expert tokens (the expert's own
/// likelihood is unknown and taken as 1, so p_t is the importance ratio, reshaped by f(p) = p / (p + γ)):
///
///     L_t = max(−A ρ_t, −A clip(ρ_t, 1 − ε_low, 1 + ε_high))   sampled token
///     L_t = −A p_t / (p_t + γ)                                  expert token: no clip
///     L   = Σ_t mask_t L_t / Σ_t mask_t                         token mean over both kinds
///
/// f's gradient p γ / (p + γ)² ∇log p stays large for tokens the policy finds unlikely, where the plain
/// ratio's p ∇log p would vanish. No KL term (<see cref="RlConfig.For"/> sets β = 0 and std off).
/// </summary>
internal sealed class LuffyObjective : IRlObjective
{
    public StepRows Rows(IReadOnlyList<RlTrainer.Group> groups, RlConfig config) => new(MixedGroups.Rows(groups, config));

    public ObjectiveLoss Loss(LossInputs inputs, RlConfig config)
    {
        var onMask = inputs.OnPolicyMask;
        var tokens = inputs.Mask.sum().clamp_min(1);
        var onTokens = onMask.sum();
        var offTokens = inputs.ExpertMask.sum();

        // PolicyLoss gives the token mean over sampled tokens (0 when there are none): back to a sum.
        var onPolicy = PolicyLoss.Compute(inputs.LogProbs, inputs.OldLogProbs, inputs.Advantages, onMask, config.ClipLow, config.ClipHigh);
        var onSum = onPolicy.Loss * onTokens.clamp_min(1);
        var p = inputs.LogProbs.exp();
        var offSum = (-inputs.Advantages.unsqueeze(1) * (p / (p + config.ShapingGamma)) * inputs.ExpertMask).sum();
        var loss = (onSum + offSum) / tokens;

        var (nOn, nOff) = (onTokens.item<float>(), offTokens.item<float>());
        return new ObjectiveLoss(loss, new Dictionary<string, double>
        {
            ["actor/pg_loss"] = loss.item<float>(),
            ["actor/on_pg_loss"] = nOn > 0 ? onPolicy.PgLoss : double.NaN,
            ["actor/off_pg_loss"] = nOff > 0 ? offSum.item<float>() / nOff : double.NaN,
            ["actor/off_policy_prob"] = nOff > 0 ? (p.detach() * inputs.ExpertMask).sum().item<float>() / nOff : double.NaN,
            ["actor/pg_clipfrac"] = nOn > 0 ? onPolicy.ClipFraction : double.NaN,
            ["actor/ppo_kl"] = nOn > 0 ? onPolicy.ApproxKl : double.NaN,
        });
    }
}
