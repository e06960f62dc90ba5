using Headroom.Lab.Studies;

namespace Headroom.Lab.Tests.Studies;

public sealed class StudyEtaTests
{
    [Fact]
    public void Kinds_not_yet_seen_are_estimated_from_the_seconds_per_unit_of_those_finished()
    {
        // Given two SFT runs of 10 s and 20 s (an RL run counts as two SFT units), and the world (never used)
        var eta = new StudyEta();
        eta.Add(StudyRunKind.World, 600);
        eta.Add(StudyRunKind.Sft, 10);
        eta.Add(StudyRunKind.Sft, 20);

        // When one SFT and one branch are left, an SFT run is half done, and two jobs share them
        var remaining = eta.Remaining([StudyRunKind.Sft, StudyRunKind.Branch], [(StudyRunKind.Sft, 0.5)], jobs: 2);

        // Then SFT 15 s, a branch 2 × 15 s; (15 + 30 + 7.5) / 2 = 26.25 s
        Assert.Equal(15, eta.Expected(StudyRunKind.Sft));
        Assert.Equal(30, eta.Expected(StudyRunKind.Branch));
        Assert.Equal(TimeSpan.FromSeconds(26.25), remaining);
    }

    [Fact]
    public void There_is_no_estimate_before_a_run_has_finished()
    {
        // Given / When / Then
        var eta = new StudyEta();
        Assert.Null(eta.Expected(StudyRunKind.PureRl));
        Assert.Null(eta.Remaining([StudyRunKind.PureRl], [], 2));
        Assert.Equal(TimeSpan.Zero, eta.Remaining([], [], 2));
    }
}
