using Headroom.Lab.World;

namespace Headroom.Lab.Tests.World;

public sealed class TrajectoriesTests
{
    // 05+8*3-9 left to right modulo 100: 13 (carries), 39 (3·3 = 9: no carry), 30 (9 - 9: no borrow)
    private static Problem HandProblem => new(5, [new('+', 8), new('*', 3), new('-', 9)]);

    [Fact]
    public void Expert_trajectory_of_a_hand_worked_problem_has_one_exact_two_digit_step_per_operation()
    {
        // Given / When the expert writes the hand problem
        var response = Trajectories.Expert(HandProblem);

        // Then
        Assert.Equal("05+8*3-9?", HandProblem.Prompt);
        Assert.Equal("05+8=13;13*3=39;39-9=30;#30$", response);
        Assert.Equal(30, HandProblem.Answer);
        Assert.Equal(1, HandProblem.CarrySteps);
        Assert.True(Verifier.IsExactTrajectory(HandProblem, response));
    }

    [Theory]
    [InlineData(37, '+', 8, 45, 35)]   // 7 + 8 = 15 carries one ten: 45; dropped: 35
    [InlineData(52, '-', 7, 45, 55)]   // 2 - 7 borrows: 45; dropped: 55
    [InlineData(37, '*', 7, 59, 19)]   // 259 -> 59 (7·7 = 49 carries 4); digit by digit 3·7 = 21 -> 1, 7·7 -> 9: 19
    [InlineData(23, '*', 3, 69, 69)]   // 3·3 = 9 carries nothing: the same
    [InlineData(95, '+', 9, 4, 94)]    // 104 -> 04; dropped: 94
    public void A_slip_drops_the_carry_from_the_units_into_the_tens_as_worked_by_hand(int value, char op, int operand, int exact, int slipped)
    {
        // Given / When
        var operation = new Operation(op, operand);

        // Then
        Assert.Equal(exact, operation.Apply(value));
        Assert.Equal(slipped, operation.ApplyWithoutCarry(value));
        Assert.Equal(exact != slipped, operation.Carries(value));
    }

    [Fact]
    public void No_operation_is_absorbing_every_one_is_a_permutation_of_the_hundred_values()
    {
        // Given every operation the world draws
        var operations = new[] { '+', '-' }.SelectMany(o => Enumerable.Range(1, 9).Select(d => new Operation(o, d)))
            .Concat(Operation.Multipliers.Select(k => new Operation('*', k)));

        // When / Then each maps 0..99 onto 0..99 one to one, so no step erases what came before
        Assert.All(operations, o => Assert.Equal(100, Enumerable.Range(0, 100).Select(o.Apply).Distinct().Count()));
    }

    [Fact]
    public void A_noisy_trajectory_that_always_slips_carries_the_wrong_value_to_its_answer()
    {
        // Given 37+8-2: exactly 45, 43; slipping every carrying step: 35 (drops the carry), then 35-2 = 33 (no borrow, exact)
        var problem = new Problem(37, [new('+', 8), new('-', 2)]);

        // When
        var response = Trajectories.Noisy(problem, new SplitMix64(1), slipRate: 1.0);

        // Then the slip is carried on and the answer is wrong
        Assert.Equal("37+8=35;35-2=33;#33$", response);
        Assert.Equal(43, problem.Answer);
        Assert.False(Verifier.IsCorrect(problem, response));
    }

    [Fact]
    public void Answers_are_uniform_over_the_hundred_values_in_every_benchmark_distribution()
    {
        // Given 20,000 problems of the training shape (a uniform start and bijective steps)
        var random = new SplitMix64(11);
        var answers = Enumerable.Range(0, 20000).Select(_ => WorldDraft.TrainShape.Draw(random).Answer).ToList();

        // When they are counted per value
        var counts = Enumerable.Range(0, 100).Select(v => answers.Count(a => a == v)).ToList();

        // Then every value appears, none far from 200 (binomial sd 14: within 5 sd), so a blind guess wins 1%
        Assert.All(counts, c => Assert.InRange(c, 130, 270));
    }

    [Fact]
    public void Expert_trajectories_of_every_benchmark_verify_and_stay_two_digit_values()
    {
        // Given thousands of problems from every benchmark distribution
        var benchmarks = Benchmarks.Create(seed: 7, scale: 1);

        foreach (var problem in benchmarks.SelectMany(b => b.Problems))
        {
            // When the expert solves each / Then every step is exact and the answer verifies
            var response = Trajectories.Expert(problem);
            Assert.True(Verifier.IsExactTrajectory(problem, response), response);
            Assert.Equal(problem.Steps * 8 + 4, response.Length);
        }
    }

    [Theory]
    [InlineData("05+8=13;#30$", true)]
    [InlineData("#30$junk#7$", true)]
    [InlineData("#30", false)]
    [InlineData("#31$", false)]
    [InlineData("#$", false)]
    [InlineData("30$", false)]
    [InlineData("#030$", true)]
    public void Verifier_accepts_exactly_a_final_hash_answer_before_the_first_dollar(string response, bool correct)
    {
        // Given the hand problem (answer 30) / When / Then
        Assert.Equal(correct, Verifier.IsCorrect(HandProblem, response));
    }

    [Theory]
    [InlineData("05+8*3-9?", true)]
    [InlineData("5+8?", false)]     // values have two digits
    [InlineData("05*2?", false)]    // 2 is not a unit modulo 100
    [InlineData("05+0?", false)]
    [InlineData("05+12?", false)]
    public void Prompts_parse_back_only_when_they_are_problems_of_the_world(string prompt, bool valid)
    {
        // Given / When / Then
        Assert.Equal(valid, Problem.Parse(prompt) is not null);
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
    }
}
