namespace Headroom.Lab.Rl;

/// <summary>
/// UPT, the unified view's hybrid post-training (Lv et al. 2025, "Towards a Unified View of Large Language
/// Model Post-Training"; framework.md §8). Per prompt, a gate on its rollouts' success rate p:
/// p ≤ γ (default 0: no rollout was correct) trains the prompt's N expert trajectories with the SFT loss;
/// otherwise its G rollouts with GRPO (group-normalised advantages, clipped ratio). One token mean over
/// every trained token:
///
///     L = [ Σ_{GRPO tokens} max(−A ρ, −A clip(ρ, 1 − ε_low, 1 + ε_high)) + Σ_{expert tokens} −log π ] / Σ tokens
/// </summary>
internal sealed class UptObjective : IRlObjective
{
    public StepRows Rows(IReadOnlyList<RlTrainer.Group> groups, RlConfig config)
    {
        var rows = new List<TrainingRow>();
        var imitated = 0;
        foreach (var group in groups)
        {
            if (group.Rewards.Average() <= config.GateThreshold)
            {
                rows.AddRange(Enumerable.Repeat(TrainingRow.Expert(group.Members[0].Problem, 0), config.ExpertPerPrompt));
                imitated++;
            }
            else
            {
                var advantages = GroupAdvantages.Compute(group.Rewards, group.Members.Count, config.NormalizeStd);
                rows.AddRange(group.Members.Select((m, i) => TrainingRow.OnPolicy(m, advantages[i])));
            }
        }

        return new StepRows(rows, new Dictionary<string, double>
        {
            ["upt/sft_prompts"] = imitated,
            ["upt/rl_prompts"] = groups.Count - imitated,
        });
    }

    public ObjectiveLoss Loss(LossInputs inputs, RlConfig config)
    {
        var rlMask = inputs.OnPolicyMask;
        var (rlTokens, sftTokens) = (rlMask.sum(), inputs.ExpertMask.sum());
        var rl = PolicyLoss.Compute(inputs.LogProbs, inputs.OldLogProbs, inputs.Advantages, rlMask, config.ClipLow, config.ClipHigh);
        var sftSum = (-inputs.LogProbs * inputs.ExpertMask).sum();
        var loss = (rl.Loss * rlTokens.clamp_min(1) + sftSum) / inputs.Mask.sum().clamp_min(1);

        var (nRl, nSft) = (rlTokens.item<float>(), sftTokens.item<float>());
        return new ObjectiveLoss(loss, new Dictionary<string, double>
        {
            ["actor/pg_loss"] = nRl > 0 ? rl.PgLoss : double.NaN,
            ["actor/sft_loss"] = nSft > 0 ? sftSum.item<float>() / nSft : double.NaN,
            ["actor/pg_clipfrac"] = nRl > 0 ? rl.ClipFraction : double.NaN,
            ["actor/ppo_kl"] = nRl > 0 ? rl.ApproxKl : double.NaN,
        });
    }
}
