using Headroom.Lab.Rl;

namespace Headroom.Lab.Tests.Rl;

public sealed class GroupAdvantagesTests
{
    [Fact]
    public void Advantages_are_rewards_centred_on_the_group_mean_and_divided_by_its_unbiased_std()
    {
        // Given two groups of four: one correct of four, and all four correct.
        // Group 1: mean 0.25, unbiased std sqrt((0.75² + 3·0.25²) / 3) = 0.5, so A = 0.75/0.5, -0.25/0.5
        double[] rewards = [1, 0, 0, 0, 1, 1, 1, 1];

        // When
        var normalised = GroupAdvantages.Compute(rewards, group: 4, normalizeStd: true);
        var centred = GroupAdvantages.Compute(rewards, group: 4, normalizeStd: false);

        // Then (ε = 1e-6 in the denominator); an all-correct group carries no signal
        Precision.AssertClose(1.5 / (1 + 2e-6), normalised[0], 6);
        Assert.All(normalised[1..4], a => Precision.AssertClose(-0.5 / (1 + 2e-6), a, 6));
        Assert.All(normalised[4..], a => Assert.Equal(0, a));
        Assert.Equal([0.75f, -0.25f, -0.25f, -0.25f, 0, 0, 0, 0], centred);
    }

    [Fact]
    public void A_group_of_one_rollout_keeps_its_reward_as_advantage()
    {
        // Given / When: verl's convention for G = 1 (mean 0, std 1)
        var advantages = GroupAdvantages.Compute([1, 0], group: 1, normalizeStd: true);

        // Then
        Assert.Equal(1 / (1 + 1e-6), advantages[0], 6);
        Assert.Equal(0, advantages[1]);
    }

    [Theory]
    [InlineData(new[] { 1.0, 1, 1, 1 }, false)]
    [InlineData(new[] { 0.0, 0, 0, 0 }, false)]
    [InlineData(new[] { 1.0, 0, 0, 0 }, true)]
    [InlineData(new[] { 0.0, 1 }, true)]
    public void Dynamic_sampling_keeps_only_groups_that_are_neither_all_correct_nor_all_wrong(double[] rewards, bool kept)
    {
        // Given / When / Then: DAPO drops the groups whose advantages are all zero
        Assert.Equal(kept, GroupAdvantages.Informative(rewards));
    }
}
