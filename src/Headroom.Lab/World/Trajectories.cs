namespace Headroom.Lab.World;

/// <summary>
/// The responses the world contains. An expert writes one exact step per operation, then the answer:
/// "3+8=1;1*2=2;2-9=3;#3$". A base-model corpus also holds direct answers ("#3$") and noisy
/// trajectories whose steps sometimes slip by one (a systematic error, like a weak model's), the
/// wrong value carried on to the answer.
/// </summary>
internal static class Trajectories
{
    /// <summary>The expert (always correct) step-by-step response.</summary>
    public static string Expert(Problem problem) => Write(problem, random: null, bugRate: 0);

    /// <summary>The answer alone, as a base model's direct answer.</summary>
    public static string Direct(Problem problem) => $"#{problem.Answer}$";

    /// <summary>
    /// A step-by-step response in which each step, with probability <paramref name="bugRate"/>, slips
    /// (<see cref="Slip"/>); the wrong value is carried on, so the final answer follows the chain.
    /// </summary>
    public static string Noisy(Problem problem, SplitMix64 random, double bugRate) => Write(problem, random, bugRate);

    private static string Write(Problem problem, SplitMix64? random, double bugRate)
    {
        var text = new System.Text.StringBuilder();
        var value = problem.Start;
        foreach (var operation in problem.Operations)
        {
            var buggy = random is not null && random.NextDouble() < bugRate;
            var result = buggy ? Slip(value, operation) : operation.Apply(value);
            text.Append($"{value}{operation.Operator}{operation.Operand}={result};");
            value = result;
        }

        return text.Append($"#{value}$").ToString();
    }

    /// <summary>The weak model's systematic slip: the exact result plus one, modulo 10.</summary>
    public static int Slip(int value, Operation operation) => (operation.Apply(value) + 1) % 10;
}
