namespace Headroom.Lab.Rl;

/// <summary>
/// LUFFY's and SRFT's groups: each prompt's G rollouts followed by N copies of its expert trajectory (the
/// world has one expert per problem), with advantages over the G + N members
/// (<see cref="GroupAdvantages"/>, std division as <see cref="RlConfig.NormalizeStd"/> says).
/// </summary>
internal static class MixedGroups
{
    public static IReadOnlyList<TrainingRow> Rows(IReadOnlyList<RlTrainer.Group> groups, RlConfig config)
    {
        var rows = new List<TrainingRow>();
        foreach (var group in groups)
        {
            var expert = TrainingRow.Expert(group.Members[0].Problem, 0);
            var rewards = group.Rewards.Concat(Enumerable.Repeat(expert.Reward, config.ExpertPerPrompt)).ToList();
            var advantages = GroupAdvantages.Compute(rewards, rewards.Count, config.NormalizeStd);
            rows.AddRange(group.Members.Select((m, i) => TrainingRow.OnPolicy(m, advantages[i])));
            rows.AddRange(Enumerable.Range(group.Members.Count, config.ExpertPerPrompt).Select(i => expert with { Advantage = advantages[i] }));
        }

        return rows;
    }
}
