using Headroom.Core.Regimes;

namespace Headroom.Study.Tests.Watch;

/// <summary>
/// The live regimes on a hand-made curve (δ = 0.02, δ₂ = 0.10). By hand: the loss falls more than 2% per evaluation
/// to step 500 (1.0); at 600 (0.99, band 1.0098) 500 is in the band and stays the switch point; at 700 (0.985, band
/// 1.0047) it holds a second time, so with two confirming evaluations the Stable entry is step 500. 1000 (1.03) is
/// after the last Stable checkpoint (900) and under 1.0835: Mild; 1200 (1.09) is at or over it: Severe.
/// </summary>
public sealed class LiveSftRegimesTests
{
    private static readonly (long Step, double Loss)[] _curve =
    [
        (100, 2.0), (200, 1.5), (300, 1.2), (400, 1.05), (500, 1.0), (600, 0.99),
        (700, 0.985), (800, 0.99), (900, 1.0), (1000, 1.03), (1100, 1.06), (1200, 1.09), (1300, 1.1),
    ];

    private static string Checkpoint(long step) => $"checkpoint-{step}";

    [Fact]
    public void The_stable_entry_is_announced_once_the_switch_point_held_for_the_confirming_evaluations()
    {
        // Given
        var live = new LiveSftRegimes(confirm: 2, Checkpoint);

        // When the evaluations arrive one by one
        var events = _curve.SelectMany(e => live.Add([e])).ToList();

        // Then Stable at 500 right after 700's evaluation, Severe once at 1200, and nothing else
        var told = events.Where(e => e is not EvaluationSeen).ToList();
        Assert.Equal([new StableEntered(500, 1.0, 0.985, "checkpoint-500", 2, AtEnd: false), new SevereOverfittingSeen(1200, 1.09, 0.985)], told);
        Assert.IsType<EvaluationSeen>(events[events.IndexOf(told[0]) - 1]);
        Assert.Equal(700, ((EvaluationSeen)events[events.IndexOf(told[0]) - 1]).Step);
    }

    [Fact]
    public void Each_evaluation_is_labelled_among_the_ones_before_it()
    {
        // Given
        var live = new LiveSftRegimes(confirm: 2, Checkpoint);

        // When
        var seen = _curve.SelectMany(e => live.Add([e])).OfType<EvaluationSeen>().ToList();

        // Then the hand labels, falling while no earlier loss is within 2% of the newest
        Assert.Equal(_curve.Select(c => c.Step), seen.Select(e => e.Step));
        Assert.Equal([false, true, true, true, true, false, false, false, false, false, false, false, false], seen.Select(e => e.Falling));
        Assert.Equal(
            [SftRegime.Stable, SftRegime.Stable, SftRegime.Stable, SftRegime.Stable, SftRegime.Stable, SftRegime.Stable, SftRegime.Stable, SftRegime.Stable, SftRegime.Stable,
             SftRegime.MildOverfitting, SftRegime.MildOverfitting, SftRegime.SevereOverfitting, SftRegime.SevereOverfitting],
            seen.Select(e => e.Regime));
        Assert.Equal([100L, 200, 300, 400, 500, 500, 500, 500, 500, 500, 500, 500, 500], seen.Select(e => e.RecommendedStep));
        Assert.Equal(0.985, seen[^1].MinimumLoss);
        Assert.Equal(700, seen[^1].MinimumStep);
    }

    [Fact]
    public void The_events_do_not_depend_on_how_the_evaluations_were_batched_or_ordered_in_a_batch()
    {
        // Given one watch fed one evaluation at a time and one fed two batches, the second shuffled
        var oneByOne = new LiveSftRegimes(confirm: 2, Checkpoint);
        var batched = new LiveSftRegimes(confirm: 2, Checkpoint);

        // When
        var expected = _curve.SelectMany(e => oneByOne.Add([e])).ToList();
        var actual = batched.Add(_curve[..4]).Concat(batched.Add(_curve[4..].Reverse())).ToList();

        // Then
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_lower_loss_after_the_announcement_moves_the_switch_point_and_says_so()
    {
        // Given a run announced Stable at 500
        var live = new LiveSftRegimes(confirm: 2, Checkpoint);
        live.Add(_curve[..7]);

        // When the loss drops to 0.95 at 800 (band 0.969: only 800 is in it), then stays at 0.955 twice
        var drop = live.Add([(800, 0.95)]);
        var after = live.Add([(900, 0.955), (1000, 0.955)]);

        // Then the switch point moves to 800 once and is not announced again
        Assert.Contains(new SwitchMoved(500, 800, 0.95, "checkpoint-800"), drop);
        Assert.DoesNotContain(after, e => e is StableEntered or SwitchMoved);
    }

    [Fact]
    public void A_changed_loss_of_a_step_already_seen_replaces_it_and_is_told()
    {
        // Given
        var live = new LiveSftRegimes(confirm: 2, Checkpoint);
        live.Add(_curve[..5]);

        // When step 300 is read again with another loss, and again with the same
        var changed = live.Add([(300, 1.25)]);
        var same = live.Add([(300, 1.25)]);

        // Then one change, no new evaluation
        Assert.Equal([new EvaluationChanged(300, 1.2, 1.25)], changed);
        Assert.Empty(same);
        Assert.Equal(5, live.Count);
    }

    [Fact]
    public void When_training_ends_before_the_confirmation_the_final_labels_decide()
    {
        // Given a run that ended at 600, one evaluation after its switch point
        var live = new LiveSftRegimes(confirm: 2, Checkpoint);
        live.Add(_curve[..6]);

        // When
        var end = live.Finish();

        // Then the final switch point (500, before the last evaluation) is announced from the final labels
        Assert.Equal(new StableEntered(500, 1.0, 0.99, "checkpoint-500", 1, AtEnd: true), end[0]);
        var finished = Assert.IsType<TrainingFinished>(end[1]);
        Assert.Equal((6, 500L, "checkpoint-500"), (finished.Evaluations, finished.RecommendedStep, finished.Checkpoint));
    }

    [Fact]
    public void When_training_ends_while_the_loss_still_falls_no_stable_entry_is_announced()
    {
        // Given a run stopped at 400, every evaluation a new minimum by more than 2%
        var live = new LiveSftRegimes(confirm: 2, Checkpoint);
        live.Add(_curve[..4]);

        // When
        var end = live.Finish();

        // Then only the end, its switch point the last evaluation, with the classifier's warning
        var finished = Assert.IsType<TrainingFinished>(Assert.Single(end));
        Assert.Equal(400, finished.RecommendedStep);
        Assert.Contains(finished.Warnings, w => w.Contains("minimum loss is at the last checkpoint", StringComparison.Ordinal));
    }

    [Fact]
    public void A_confirmation_count_below_one_is_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new LiveSftRegimes(confirm: 0, Checkpoint));
}
