namespace Headroom.Lab.World;

/// <summary>
/// The responses the world contains. An expert writes one exact step per operation, then the answer:
/// "37+48=85;85*2=170;170-19=151;#151$". A base-model corpus also holds direct answers ("#151$") and
/// noisy trajectories that sometimes drop carries and borrows (a systematic bug, like a weak model's).
/// </summary>
internal static class Trajectories
{
    /// <summary>The expert (always correct) step-by-step response.</summary>
    public static string Expert(Problem problem) => Write(problem, random: null, bugRate: 0);

    /// <summary>The answer alone, as a base model's direct answer.</summary>
    public static string Direct(Problem problem) => $"#{problem.Answer}$";

    /// <summary>
    /// A step-by-step response in which each step, with probability <paramref name="bugRate"/>, forgets
    /// carries and borrows; the wrong value is carried on, so the final answer follows the chain.
    /// </summary>
    public static string Noisy(Problem problem, SplitMix64 random, double bugRate) => Write(problem, random, bugRate);

    private static string Write(Problem problem, SplitMix64? random, double bugRate)
    {
        var text = new System.Text.StringBuilder();
        var value = problem.Start;
        foreach (var operation in problem.Operations)
        {
            var buggy = random is not null && random.NextDouble() < bugRate;
            var result = buggy ? WithoutCarries(value, operation) : operation.Apply(value);
            text.Append($"{value}{operation.Operator}{operation.Operand}={result};");
            value = result;
        }

        return text.Append($"#{value}$").ToString();
    }

    /// <summary>Digit by digit, dropping carries ('+', '*') and borrows ('-': |a_i - b_i|).</summary>
    public static int WithoutCarries(int value, Operation operation)
    {
        int result = 0, place = 1;
        for (int a = value, b = operation.Operand; a > 0 || (b > 0 && operation.Operator != '*'); a /= 10, b /= 10, place *= 10)
        {
            var digit = operation.Operator switch
            {
                '+' => (a % 10 + b % 10) % 10,
                '-' => Math.Abs(a % 10 - b % 10),
                _ => a % 10 * operation.Operand % 10,
            };
            result += digit * place;
        }

        return result;
    }
}
