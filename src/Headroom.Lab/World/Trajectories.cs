namespace Headroom.Lab.World;

/// <summary>
/// The responses the world contains. An expert writes one exact step per operation, then the answer:
/// "05+8=13;13*3=39;39-9=30;#30$". A base-model corpus also holds direct answers ("#30$", a guess
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

    private static string Write(Problem problem, SplitMix64? random, double slipRate)
    {
        var text = new System.Text.StringBuilder();
        var value = problem.Start;
        foreach (var operation in problem.Operations)
        {
            var slipped = random is not null && operation.CanSlip(value) && random.NextDouble() < slipRate;
            var result = slipped ? operation.Slipped(value) : operation.Apply(value);
            text.Append($"{Problem.Value(value)}{operation.Operator}{operation.Operand}={Problem.Value(result)};");
            value = result;
        }

        return text.Append($"#{Problem.Value(value)}$").ToString();
    }
}
