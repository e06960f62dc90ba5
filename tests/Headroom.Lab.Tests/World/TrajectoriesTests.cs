using Headroom.Lab.World;

namespace Headroom.Lab.Tests.World;

public sealed class TrajectoriesTests
{
    // 05+8*3-9 left to right modulo 100: 13 (carries), 39 (3·3 = 9: no carry), 30 (9 - 9: no borrow)
    private static Problem HandProblem => new(5, [new('+', 8), new('*', 3), new('-', 9)]);

    [Fact]
    public void Expert_trajectory_of_a_hand_worked_problem_has_one_exact_two_digit_step_per_operation_in_either_order()
    {
        // Given / When the expert writes the hand problem
        var response = Trajectories.Expert(HandProblem);
        var steps = response.Split(';');

        // Then each commutative step is written value first or operand first, the subtraction value first
        Assert.Equal("05+8*3-9?", HandProblem.Prompt);
        Assert.Contains(steps[0], new[] { "05+8=13", "8+05=13" });
        Assert.Contains(steps[1], new[] { "13*3=39", "3*13=39" });
        Assert.Equal("39-9=30", steps[2]);
        Assert.Equal("#30$", steps[3]);
        Assert.Equal(30, HandProblem.Answer);
        Assert.Equal(1, HandProblem.SlipSteps);
        Assert.True(Verifier.IsExactTrajectory(HandProblem, response));
    }

    [Theory]
    [InlineData("05+8=13;13*3=39;39-9=30;#30$", true)]
    [InlineData("8+05=13;3*13=39;39-9=30;#30$", true)]
    [InlineData("05+8=13;13*3=39;9-39=30;#30$", false)]   // subtraction does not commute
    [InlineData("05+8=13;13*3=39;39-9=30;#31$", false)]
    [InlineData("05+8=14;14*3=42;42-9=30;#30$", false)]   // a wrong step, right answer: not exact
    public void An_exact_trajectory_may_write_a_commutative_step_in_either_order(string response, bool exact)
    {
        // Given the hand problem / When / Then
        Assert.Equal(exact, Verifier.IsExactTrajectory(HandProblem, response));
    }

    [Fact]
    public void The_experts_order_is_a_fair_coin_per_commutative_step_fixed_by_the_problem()
    {
        // Given 4,000 problems of the training shape
        var random = new SplitMix64(2);
        var problems = Enumerable.Range(0, 4000).Select(_ => WorldDraft.TrainShape.Draw(random)).ToList();

        // When their notations are drawn twice
        var notations = problems.Select(Trajectories.Notation).ToList();

        // Then the same problem gets the same notation, subtractions are never operand first, and about half
        // of the commutative steps are (binomial sd 0.4 % over ~17,000 steps: within 2 points of 50 %)
        Assert.Equal(notations.Select(n => string.Concat(n.Select(b => b ? '1' : '0'))), problems.Select(p => string.Concat(Trajectories.Notation(p).Select(b => b ? '1' : '0'))));
        var steps = problems.SelectMany((p, i) => p.Operations.Zip(notations[i])).ToList();
        Assert.DoesNotContain(steps, s => s.First.Operator == '-' && s.Second);
        Assert.InRange(steps.Where(s => s.First.Operator != '-').Average(s => s.Second ? 1.0 : 0.0), 0.48, 0.52);
    }

    [Fact]
    public void Unfamiliar_multipliers_are_fifteen_percent_of_steps_and_the_base_models_corpus_only_guesses_their_results()
    {
        // Given a world's draft (tiny sizes)
        var draft = WorldDraft.Create(3, new Headroom.Lab.Training.WorldSizes(4000, 64, 0.1, 0.5, 48, 24, 48, 400, 0.2, 600, 256));

        // When its steps are counted, and the corpus's unfamiliar steps read back
        static double Share(IEnumerable<Problem> problems) => problems.SelectMany(p => p.Operations).Average(o => o.IsUnfamiliar ? 1.0 : 0.0);
        var corpus = draft.PretrainCorpus.Concat(draft.PretrainValidation).Select(e => (Problem: Problem.Parse(e.Prompt)!, e.Response)).ToList();
        var written = corpus.Where(c => c.Response.Contains(';', StringComparison.Ordinal))
            .SelectMany(c => c.Problem.Operations.Zip(c.Response.Split(';')[..^1]))
            .Where(s => s.First.IsUnfamiliar)
            .Select(s => (Step: s.Second, Operation: s.First))
            .ToList();
        var exact = written.Count(s => StepIsExact(s.Step, s.Operation));
        var results = written.GroupBy(s => s.Step[^2..]).ToList();

        // Then 30 % multiplications, half unfamiliar: 15 % of steps in the SFT pool and in the corpus (sd ~0.6 %
        // over ~2,800 steps; ~0.2 % over ~28,000), and the stepwise responses' unfamiliar results (0.9 × 4,064
        // responses × 7 steps × 0.15 ≈ 3,840, sd ~60) are guesses: right about 1 time in 100 (binomial sd 0.16 %:
        // below 2 %), and every one of the 100 values written (each expected ~38 times; one missing has
        // probability ~1e-15), none more than twice as often as uniform (5.9 sd)
        Assert.InRange(Share(corpus.Select(c => c.Problem)), 0.13, 0.17);
        Assert.InRange(Share(draft.Large), 0.12, 0.18);
        Assert.Contains(draft.Benchmarks, b => Share(b.Problems) > 0.1);
        Assert.InRange(written.Count, 3500, 4200);
        Assert.InRange(exact / (double)written.Count, 0.0, 0.02);
        Assert.Equal(Problem.Modulus, results.Count);
        Assert.True(results.Max(g => g.Count()) < 2.0 * written.Count / Problem.Modulus, "no result is written more than twice as often as uniform");
    }

    private static bool StepIsExact(string step, Operation operation)
    {
        // "13*19=47" or "19*13=47": the value is the operand that is not the multiplier
        var sides = step.Split('=');
        var factors = sides[0].Split('*').Select(int.Parse).ToList();
        var value = factors[0] == operation.Operand && factors[1] != operation.Operand ? factors[1] : factors[0];
        return operation.Apply(value) == int.Parse(sides[1]);
    }

    [Theory]
    [InlineData(37, '+', 8, 45, 35, 54)]   // 7 + 8 = 15 carries one ten: 45; without the carry 35; transposed 54
    [InlineData(52, '-', 7, 45, 55, 54)]   // 2 - 7 borrows: 45; without the borrow 55
    [InlineData(37, '*', 7, 59, 19, 95)]   // 259 -> 59 (7·7 = 49 carries 4); digit by digit 3·7 = 21 -> 1, 7·7 -> 9: 19
    [InlineData(95, '+', 9, 4, 94, 40)]    // 104 -> 04; transposed 40
    public void A_step_that_carries_can_slip_and_the_slip_transposes_its_digits_as_worked_by_hand(int value, char op, int operand, int exact, int withoutCarry, int slipped)
    {
        // Given / When
        var operation = new Operation(op, operand);

        // Then
        Assert.Equal(exact, operation.Apply(value));
        Assert.Equal(withoutCarry, operation.ApplyWithoutCarry(value));
        Assert.True(operation.Carries(value));
        Assert.Equal(slipped, operation.Slipped(value));
        Assert.True(operation.CanSlip(value));
    }

    [Theory]
    [InlineData(23, '*', 3, 69)]   // 3·3 = 9 carries nothing
    [InlineData(41, '+', 5, 46)]   // 1 + 5 < 10
    [InlineData(38, '+', 6, 44)]   // carries, but 44 transposed is 44
    public void A_step_without_a_carry_or_with_a_result_of_two_equal_digits_cannot_slip(int value, char op, int operand, int exact)
    {
        // Given / When
        var operation = new Operation(op, operand);

        // Then
        Assert.Equal(exact, operation.Apply(value));
        Assert.False(operation.CanSlip(value));
    }

    [Fact]
    public void No_operation_is_absorbing_every_one_is_a_permutation_of_the_hundred_values()
    {
        // Given every operation the world draws
        var operations = new[] { '+', '-' }.SelectMany(o => Enumerable.Range(1, 9).Select(d => new Operation(o, d)))
            .Concat(Operation.Multipliers.Concat(Operation.UnfamiliarMultipliers).Select(k => new Operation('*', k)));

        // When / Then each maps 0..99 onto 0..99 one to one, so no step erases what came before
        Assert.All(operations, o => Assert.Equal(100, Enumerable.Range(0, 100).Select(o.Apply).Distinct().Count()));
    }

    [Fact]
    public void A_noisy_trajectory_that_always_slips_carries_the_wrong_value_to_its_answer()
    {
        // Given 37+8-2: exactly 45, 43; slipping every carrying step: 54 (transposed), then 54-2 = 52 (no borrow, exact)
        var problem = new Problem(37, [new('+', 8), new('-', 2)]);

        // When
        var response = Trajectories.Noisy(problem, new SplitMix64(1), slipRate: 1.0);

        // Then the slip is carried on and the answer is wrong
        Assert.Contains(response, new[] { "37+8=54;54-2=52;#52$", "8+37=54;54-2=52;#52$" });
        Assert.Equal(43, problem.Answer);
        Assert.False(Verifier.IsCorrect(problem, response));
    }

    [Fact]
    public void A_weak_solvers_slips_almost_never_cancel_so_its_win_rate_keeps_falling_with_length()
    {
        // Given the weak solver of the base model's corpus (each step that can slip slips half the time) on
        // 4,000 problems of the training shape per length 2..12, and for contrast world v2's slip (the carry
        // dropped: errors only in the tens digit, a random walk on ten values in which opposite slips cancel)
        var random = new SplitMix64(5);
        var byLength = Enumerable.Range(2, 11).Select(k => (Steps: k, Problems: Enumerable.Range(0, 4000).Select(_ => new ProblemShape(k, k, 0.3, 0).Draw(random)).ToList())).ToList();

        // When each is solved once
        var transposed = byLength.Select(l => LuckAndWins(l.Problems, p => Trajectories.Noisy(p, random, 0.5))).ToList();
        var droppedCarry = byLength.Select(l => LuckAndWins(l.Problems, p => DroppedCarrySolver(p, random))).ToList();

        // Then a right answer reached through a wrong step (a lucky pass) stays near the 1% of a uniform guess
        // at every length (simulated: 1.5% at 9-12 steps), where dropped carries passed by luck about 10% of
        // the time from 7 steps on; so the win rate keeps falling, towards the chance that no step slipped
        Assert.All(transposed, t => Assert.InRange(t.Lucky, 0, 0.025));
        Assert.All(droppedCarry.Skip(5), d => Assert.InRange(d.Lucky, 0.07, 0.14));
        double Wins(int from, int to) => transposed.Skip(from - 2).Take(to - from + 1).Average(t => t.Wins);
        Assert.True(Wins(2, 4) > Wins(6, 8) + 0.15 && Wins(6, 8) > Wins(10, 12) + 0.05, $"{Wins(2, 4)} {Wins(6, 8)} {Wins(10, 12)}");
        Assert.InRange(Wins(10, 12), 0, 0.07);
    }

    private static (double Wins, double Lucky) LuckAndWins(List<Problem> problems, Func<Problem, string> solve)
    {
        var responses = problems.Select(p => (Problem: p, Response: solve(p))).ToList();
        return (responses.Average(r => Verifier.IsCorrect(r.Problem, r.Response) ? 1.0 : 0.0),
            responses.Average(r => Verifier.IsCorrect(r.Problem, r.Response) && !Verifier.IsExactTrajectory(r.Problem, r.Response) ? 1.0 : 0.0));
    }

    /// <summary>World v2's weak solver, written out for the comparison: a carrying step drops its carry half the time.</summary>
    private static string DroppedCarrySolver(Problem problem, SplitMix64 random)
    {
        var (value, text) = (problem.Start, "");
        foreach (var operation in problem.Operations)
        {
            var result = operation.Carries(value) && random.NextDouble() < 0.5 ? operation.ApplyWithoutCarry(value) : operation.Apply(value);
            text += $"{Problem.Value(value)}{operation.Operator}{operation.Operand}={Problem.Value(result)};";
            value = result;
        }

        return text + $"#{Problem.Value(value)}$";
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
            Assert.Equal(problem.Steps * 8 + problem.UnfamiliarSteps + 4, response.Length);
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
    [InlineData("05*13-2?", true)]  // an unfamiliar multiplier
    [InlineData("05*12?", false)]   // 12 is not a unit modulo 100
    [InlineData("05*113?", false)]
    public void Prompts_parse_back_only_when_they_are_problems_of_the_world(string prompt, bool valid)
    {
        // Given / When / Then
        Assert.Equal(valid, Problem.Parse(prompt) is not null);
    }

    [Fact]
    public void Step_counts_follow_the_shape_and_cover_its_whole_range()
    {
        // Given a shape of 2..5 steps
        var shape = new ProblemShape(2, 5, 0.3, 0.5);
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
