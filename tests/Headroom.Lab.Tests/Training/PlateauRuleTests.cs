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

    [Fact]
    public void The_plateau_is_the_first_evaluation_at_which_the_rule_held_and_later_evaluations_do_not_move_it()
    {
        // Given evaluations every 100 steps: the rule (patience 2, 1%) first holds at step 400 (0.795, 0.793 after the best 0.8)
        (int, double)[] evaluations = [(100, 1.0), (200, 0.8), (300, 0.795), (400, 0.793), (500, 0.5), (600, 0.49)];

        // When / Then: a later improvement (step 500) does not move the plateau found at step 400
        Assert.Equal(400, PlateauRule.FirstReached(evaluations, patience: 2, improvement: 0.01));
        Assert.Null(PlateauRule.FirstReached(evaluations[..3], patience: 2, improvement: 0.01));
    }

    [Theory]
    [InlineData(new[] { 1.0, 0.8, 0.79 }, 0.0125)]   // 1 - 0.79 / 0.8
    [InlineData(new[] { 0.5, 0.55 }, -0.1)]          // it rose by 10%
    [InlineData(new[] { 0.5 }, double.NaN)]          // no interval yet
    public void The_last_interval_drop_is_the_relative_fall_between_the_last_two_evaluations(double[] losses, double drop)
    {
        // Given / When / Then
        Assert.Equal(drop, PlateauRule.LastIntervalDrop(losses), 12);
    }

    [Theory]
    [InlineData(0, 4, 400)]       // no cooldown: stop at the plateau
    [InlineData(0, 3, 1000)]      // no plateau yet: MaxSteps
    [InlineData(150, 4, 550)]     // cooldown after the plateau at 400
    [InlineData(150, 3, 1000)]    // no plateau yet: the cooldown ends at MaxSteps
    [InlineData(700, 4, 1000)]    // the plateau comes after MaxSteps - cooldown = 300: the cooldown still ends at MaxSteps
    public void The_last_step_is_the_plateau_or_the_end_of_the_cooldown_after_it_and_never_beyond_max_steps(int cooldown, int evaluationsSeen, int lastStep)
    {
        // Given patience 2, 1%, at most 1000 steps, the rule first holding at step 400
        (int, double)[] evaluations = [(100, 1.0), (200, 0.8), (300, 0.795), (400, 0.793)];
        var config = new TrainConfig { MaxSteps = 1000, PlateauPatience = 2, PlateauImprovement = 0.01, CooldownSteps = cooldown };

        // When / Then
        Assert.Equal(lastStep, PlateauRule.LastStep(config, evaluations[..evaluationsSeen]));
    }
}
