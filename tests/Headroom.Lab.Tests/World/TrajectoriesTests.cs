using Headroom.Lab.World;

namespace Headroom.Lab.Tests.World;

public sealed class TrajectoriesTests
{
    private static Problem HandProblem => new(37, [new('+', 48), new('*', 2), new('-', 19)]);

    [Fact]
    public void Expert_trajectory_of_a_hand_worked_problem_has_one_exact_step_per_operation()
    {
        // Given 37+48*2-19 evaluated left to right: 85, 170, 151
        // When the expert writes it
        var response = Trajectories.Expert(HandProblem);

        // Then
        Assert.Equal("37+48*2-19?", HandProblem.Prompt);
        Assert.Equal("37+48=85;85*2=170;170-19=151;#151$", response);
        Assert.Equal(151, HandProblem.Answer);
        Assert.True(Verifier.IsExactTrajectory(HandProblem, response));
    }

    [Theory]
    [InlineData(27, '+', 15, 32)]   // 7+5=12 -> 2, 2+1 = 3 (carry dropped)
    [InlineData(42, '-', 15, 33)]   // |2-5| = 3, |4-1| = 3 (borrow dropped)
    [InlineData(38, '*', 4, 22)]    // 8*4=32 -> 2, 3*4=12 -> 2
    [InlineData(995, '+', 7, 992)]  // 5+7=12 -> 2, 9, 9
    [InlineData(21, '+', 34, 55)]   // no carry: the bug is invisible
    public void Dropping_carries_gives_the_digitwise_results_worked_by_hand(int value, char op, int operand, int expected)
    {
        // Given / When / Then
        Assert.Equal(expected, Trajectories.WithoutCarries(value, new Operation(op, operand)));
    }

    [Fact]
    public void A_noisy_trajectory_that_always_drops_carries_carries_the_wrong_value_to_its_answer()
    {
        // Given 27+15-9: the buggy chain is 27+15=32, then 32-9 digitwise |2-9|=7, 3 -> 37
        var problem = new Problem(27, [new('+', 15), new('-', 9)]);

        // When
        var response = Trajectories.Noisy(problem, new SplitMix64(1), bugRate: 1.0);

        // Then
        Assert.Equal("27+15=32;32-9=37;#37$", response);
        Assert.False(Verifier.IsCorrect(problem, response));
        Assert.Equal(33, problem.Answer);
    }

    [Fact]
    public void Expert_trajectories_of_every_benchmark_and_shape_verify_and_stay_within_three_digits()
    {
        // Given thousands of problems from every benchmark distribution
        var benchmarks = Benchmarks.Create(seed: 7, scale: 4);

        foreach (var problem in benchmarks.SelectMany(b => b.Problems))
        {
            // When the expert solves each
            var response = Trajectories.Expert(problem);

            // Then every step is exact, the answer verifies, and intermediate values stay in 0..999
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
    [InlineData("37+48=85;#151$", true)]
    [InlineData("#151$junk#7$", true)]
    [InlineData("#151", false)]
    [InlineData("#150$", false)]
    [InlineData("#$", false)]
    [InlineData("151$", false)]
    [InlineData("#0151$", true)]
    public void Verifier_accepts_exactly_a_final_hash_answer_before_the_first_dollar(string response, bool correct)
    {
        // Given the hand problem (answer 151) / When / Then
        Assert.Equal(correct, Verifier.IsCorrect(HandProblem, response));
    }

    [Fact]
    public void Step_counts_follow_the_shape_and_cover_its_whole_range()
    {
        // Given a shape of 2..5 steps
        var shape = new ProblemShape(2, 5, 99, 0.3);
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
