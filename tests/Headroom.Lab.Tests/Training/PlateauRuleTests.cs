using Headroom.Lab.Training;

namespace Headroom.Lab.Tests.Training;

public sealed class PlateauRuleTests
{
    [Theory]
    [InlineData(new[] { 1.0, 0.8, 0.79, 0.795 }, false)]  // best before the last two: 0.8; their best 0.79 < 0.99 · 0.8 = 0.792: still improving
    [InlineData(new[] { 1.0, 0.8, 0.795, 0.793 }, true)]  // 0.793 > 0.792: less than 1% in two evaluations
    [InlineData(new[] { 1.0, 0.8, 0.81, 0.82 }, true)]    // getting worse
    [InlineData(new[] { 1.0, 0.9 }, false)]               // not more evaluations than the patience
    public void The_run_stops_when_the_last_evaluations_lower_the_best_loss_by_less_than_the_threshold(double[] losses, bool plateau)
    {
        // Given patience 2 and a 1% threshold / When / Then
        Assert.Equal(plateau, PlateauRule.Reached(losses, patience: 2, improvement: 0.01));
    }

    [Fact]
    public void Patience_zero_turns_the_rule_off()
    {
        // Given / When / Then
        Assert.False(PlateauRule.Reached([1.0, 1.0, 1.0, 1.0], patience: 0, improvement: 0.01));
    }
}
