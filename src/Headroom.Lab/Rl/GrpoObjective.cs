namespace Headroom.Lab.Rl;

/// <summary>
/// GRPO and DAPO: every rollout of the trained groups, with group-normalised advantages
/// (<see cref="GroupAdvantages"/>), and PPO's clipped token-mean surrogate plus β·KL (<see cref="PolicyLoss"/>).
/// </summary>
internal sealed class GrpoObjective : IRlObjective
{
    public StepRows Rows(IReadOnlyList<RlTrainer.Group> groups, RlConfig config)
    {
        var rollouts = groups.SelectMany(g => g.Members).ToList();
        var advantages = GroupAdvantages.Compute([.. rollouts.Select(r => r.Reward)], config.Group, config.NormalizeStd);
        return new StepRows([.. rollouts.Select((r, i) => TrainingRow.OnPolicy(r, advantages[i]))]);
    }

    public ObjectiveLoss Loss(LossInputs inputs, RlConfig config)
    {
        var terms = PolicyLoss.Compute(inputs.LogProbs, inputs.OldLogProbs, inputs.Advantages, inputs.Mask, config.ClipLow, config.ClipHigh, inputs.ReferenceLogProbs, config.KlCoef);
        var metrics = new Dictionary<string, double>
        {
            ["actor/pg_loss"] = terms.PgLoss,
            ["actor/pg_clipfrac"] = terms.ClipFraction,
            ["actor/ppo_kl"] = terms.ApproxKl,
        };
        if (inputs.ReferenceLogProbs is not null)
        {
            metrics["actor/kl_loss"] = terms.Kl;
        }

        return new ObjectiveLoss(terms.Loss, metrics);
    }
}
