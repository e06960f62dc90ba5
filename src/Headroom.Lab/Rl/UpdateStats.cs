namespace Headroom.Lab.Rl;

/// <summary>What one step's policy update did: its logged terms (means over mini-batches), the rows' advantages, and what it trained.</summary>
/// <param name="Metrics">actor/loss, actor/pg_loss, actor/entropy, actor/grad_norm and the objective's own terms.</param>
/// <param name="Advantages">One per trained row.</param>
/// <param name="OnPolicySamples">Rollouts trained (sequences the policy sampled).</param>
/// <param name="OffPolicySamples">Expert trajectories trained.</param>
/// <param name="OnPolicyTokens">Prompt + response tokens of the trained rollouts.</param>
/// <param name="OffPolicyTokens">Prompt + response tokens of the trained expert trajectories.</param>
internal sealed record UpdateStats(IReadOnlyDictionary<string, double> Metrics, float[] Advantages, int OnPolicySamples, int OffPolicySamples, long OnPolicyTokens, long OffPolicyTokens)
{
    /// <summary>A step that trained nothing (dynamic sampling found no informative group).</summary>
    public static UpdateStats None { get; } = new(
        new[] { "actor/loss", "actor/pg_loss", "actor/pg_clipfrac", "actor/ppo_kl", "actor/entropy", "actor/grad_norm" }.ToDictionary(k => k, _ => double.NaN), [], 0, 0, 0, 0);
}
