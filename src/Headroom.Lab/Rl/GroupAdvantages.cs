namespace Headroom.Lab.Rl;

/// <summary>
/// GRPO's outcome advantages (Shao et al. 2024, Eq. 3 with one reward per rollout): within each group of
/// G rollouts of one prompt, A_i = (r_i − mean(r)) / (std(r) + ε) with the unbiased (n − 1) standard
/// deviation, as verl's compute_grpo_outcome_advantage; without std normalisation A_i = r_i − mean(r).
/// A group of one rollout has mean 0 and std 1 (verl's convention). Every token of a response gets its
/// rollout's advantage.
/// </summary>
internal static class GroupAdvantages
{
    /// <summary>ε added to the standard deviation.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>Advantages of <paramref name="rewards"/>, consecutive groups of <paramref name="group"/> rollouts.</summary>
    public static float[] Compute(IReadOnlyList<double> rewards, int group, bool normalizeStd)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(group, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(rewards.Count % group, 0);
        var advantages = new float[rewards.Count];
        for (var start = 0; start < rewards.Count; start += group)
        {
            var members = Enumerable.Range(start, group).Select(i => rewards[i]).ToArray();
            var (mean, std) = group == 1 ? (0.0, 1.0) : (members.Average(), Math.Sqrt(members.Sum(r => (r - members.Average()) * (r - members.Average())) / (group - 1)));
            for (var i = 0; i < group; i++)
            {
                var centred = members[i] - mean;
                advantages[start + i] = (float)(normalizeStd ? centred / (std + Epsilon) : centred);
            }
        }

        return advantages;
    }

    /// <summary>DAPO's dynamic-sampling filter: whether a group's rewards differ (neither all correct nor all wrong), so its advantages are not all zero.</summary>
    public static bool Informative(IReadOnlyList<double> groupRewards) => groupRewards.Distinct().Skip(1).Any();
}
