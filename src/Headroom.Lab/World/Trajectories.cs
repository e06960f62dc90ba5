namespace Headroom.Lab.World;

/// <summary>
/// The responses the world contains. An expert writes one exact step per operation, then the answer:
/// "05+8=13;3*13=39;39-9=30;#30$". A step of a commutative operation ('+', '*') is written value first
/// or operand first, as the problem's <see cref="Notation"/> says: a choice no model can predict from the
/// prompt, so the validation loss has a floor above zero (as real SFT text has) and a model that memorises
/// its training set's choices overfits. A base-model corpus also holds direct answers ("#30$", a guess
/// among 100 values for any chain the model cannot do in its head) and noisy trajectories in which a
/// step that carries sometimes comes out with its two digits transposed (a systematic error, like a
/// weak model's), the wrong value carried on.
/// </summary>
internal static class Trajectories
{
    /// <summary>The expert (always correct) step-by-step response.</summary>
    public static string Expert(Problem problem) => Write(problem, random: null, slipRate: 0);

    /// <summary>The answer alone, as a base model's direct answer.</summary>
    public static string Direct(Problem problem) => $"#{Problem.Value(problem.Answer)}$";

    /// <summary>
    /// A base-model corpus's direct answer: the exact one when the chain has no unfamiliar step, otherwise the
    /// end of the chain with each unfamiliar step's result guessed uniformly (as <see cref="Noisy"/> writes it),
    /// so no direct answer reveals an unfamiliar result.
    /// </summary>
    public static string Direct(Problem problem, SplitMix64 random)
    {
        var value = problem.Start;
        foreach (var operation in problem.Operations)
        {
            value = operation.IsUnfamiliar ? Guess(random) : operation.Apply(value);
        }

        return $"#{Problem.Value(value)}$";
    }

    /// <summary>
    /// A step-by-step response in which each step that carries (<see cref="Operation.CanSlip"/>), with
    /// probability <paramref name="slipRate"/>, writes its result with the digits transposed (45 as 54);
    /// the wrong value is carried on, so the final answer follows the chain. Steps without a carry cannot slip.
    /// </summary>
    /// <remarks>
    /// Why a transposition rather than the dropped carry of world v2: dropping a carry changes only the tens
    /// digit, so a weak solver's errors were a random walk on the ten tens digits and opposite slips cancelled
    /// (about one long chain in ten came out right by luck). A transposition moves the value by 9 × (units −
    /// tens), reaching every digit, and multiplications spread it further: a slip, once made, is undone by a
    /// later one about once in a hundred chains. Either way a step has two outcomes of equal weight, so the
    /// base model's slip rate does not change with the sampling temperature.
    /// </remarks>
    public static string Noisy(Problem problem, SplitMix64 random, double slipRate) => Write(problem, random, slipRate);

    /// <summary>
    /// Per step, whether the operand is written first: a fair coin per commutative step, drawn from a stream
    /// named by the prompt, so the expert trajectory is a function of the problem (the same in every set and
    /// every run) while its choices look random to a model.
    /// </summary>
    public static bool[] Notation(Problem problem)
    {
        var coin = SplitMix64.For(0, "notation:" + problem.Prompt);
        return [.. problem.Operations.Select(o => IsCommutative(o.Operator) && coin.NextDouble() < 0.5)];
    }

    /// <summary>One step as written: "13*3=39", or operand first "3*13=39".</summary>
    public static string Step(int value, Operation operation, int result, bool operandFirst)
        => operandFirst
            ? $"{operation.Operand}{operation.Operator}{Problem.Value(value)}={Problem.Value(result)}"
            : $"{Problem.Value(value)}{operation.Operator}{operation.Operand}={Problem.Value(result)}";

    /// <summary>A result the writer does not know: uniform on 0..99.</summary>
    private static int Guess(SplitMix64 random) => random.Next(0, Problem.Modulus - 1);

    /// <summary>True for the operators whose steps may be written operand first.</summary>
    public static bool IsCommutative(char op) => op is '+' or '*';

    private static string Write(Problem problem, SplitMix64? random, double slipRate)
    {
        var text = new System.Text.StringBuilder();
        var notation = Notation(problem);
        var value = problem.Start;
        for (var i = 0; i < problem.Steps; i++)
        {
            var operation = problem.Operations[i];
            var slipped = random is not null && operation.CanSlip(value) && random.NextDouble() < slipRate;
            var result = random is not null && operation.IsUnfamiliar ? Guess(random)
                : slipped ? operation.Slipped(value) : operation.Apply(value);
            text.Append(Step(value, operation, result, notation[i])).Append(';');
            value = result;
        }

        return text.Append($"#{Problem.Value(value)}$").ToString();
    }
}
