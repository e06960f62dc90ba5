using Headroom.Lab.World;

namespace Headroom.Lab.Tests.World;

public sealed class TrajectoriesTests
{
    private static Problem HandProblem => new(3, [new('+', 8), new('*', 2), new('-', 9)]);

    [Fact]
    public void Expert_trajectory_of_a_hand_worked_problem_has_one_exact_step_per_operation()
    {
        // Given 3+8*2-9 evaluated left to right modulo 10: 11 -> 1, 2, -7 -> 3
        // When the expert writes it
        var response = Trajectories.Expert(HandProblem);

        // Then
        Assert.Equal("3+8*2-9?", HandProblem.Prompt);
        Assert.Equal("3+8=1;1*2=2;2-9=3;#3$", response);
        Assert.Equal(3, HandProblem.Answer);
        Assert.True(Verifier.IsExactTrajectory(HandProblem, response));
    }

    [Theory]
    [InlineData(3, '+', 8, 2)]   // 11 -> 1, slipped to 2
    [InlineData(7, '-', 9, 9)]   // -2 -> 8, slipped to 9
    [InlineData(4, '*', 5, 1)]   // 20 -> 0, slipped to 1
    [InlineData(6, '+', 3, 0)]   // 9, slipped past 9 to 0
    public void A_slip_is_the_exact_step_plus_one_modulo_ten_as_worked_by_hand(int value, char op, int operand, int expected)
    {
        // Given / When / Then
        Assert.Equal(expected, Trajectories.Slip(value, new Operation(op, operand)));
    }

    [Fact]
    public void A_noisy_trajectory_that_always_slips_carries_the_wrong_value_to_its_answer()
    {
        // Given 7+5-9: exactly 2 then 3; slipping every step gives 7+5=3, then 3-9 = 4 slipped to 5
        var problem = new Problem(7, [new('+', 5), new('-', 9)]);

        // When
        var response = Trajectories.Noisy(problem, new SplitMix64(1), bugRate: 1.0);

        // Then
        Assert.Equal("7+5=3;3-9=5;#5$", response);
        Assert.False(Verifier.IsCorrect(problem, response));
        Assert.Equal(3, problem.Answer);
    }

    [Fact]
    public void Expert_trajectories_of_every_benchmark_verify_and_stay_digits()
    {
        // Given thousands of problems from every benchmark distribution
        var benchmarks = Benchmarks.Create(seed: 7, scale: 4);

        foreach (var problem in benchmarks.SelectMany(b => b.Problems))
        {
            // When the expert solves each
            var response = Trajectories.Expert(problem);

            // Then every step is exact, the answer verifies, and intermediate values stay in 0..9
            Assert.True(Verifier.IsExactTrajectory(problem, response), response);
            var value = problem.Start;
            foreach (var operation in problem.Operations)
            {
                value = operation.Apply(value);
                Assert.InRange(value, 0, ProblemShape.MaxValue);
            }
        }
    }

    [Theory]
    [InlineData("3+8=1;#3$", true)]
    [InlineData("#3$junk#7$", true)]
    [InlineData("#3", false)]
    [InlineData("#4$", false)]
    [InlineData("#$", false)]
    [InlineData("3$", false)]
    [InlineData("#03$", true)]
    public void Verifier_accepts_exactly_a_final_hash_answer_before_the_first_dollar(string response, bool correct)
    {
        // Given the hand problem (answer 3) / When / Then
        Assert.Equal(correct, Verifier.IsCorrect(HandProblem, response));
    }

    [Fact]
    public void Step_counts_follow_the_shape_and_cover_its_whole_range()
    {
        // Given a shape of 2..5 steps
        var shape = new ProblemShape(2, 5, 0.3);
        var random = new SplitMix64(3);

        // When 2000 problems are drawn
        var steps = Enumerable.Range(0, 2000).Select(_ => shape.Draw(random).Steps).ToList();

        // Then each step count 2..5 appears about a quarter of the time
        foreach (var k in Enumerable.Range(2, 4))
        {
            Assert.InRange(steps.Count(s => s == k), 400, 600);
        }

        Assert.All(steps, s => Assert.InRange(s, 2, 5));
    }
}
