namespace Headroom.Lab.World;

/// <summary>
/// A distribution of problems: how many steps, how often a step is a multiplication, and how often a
/// multiplication is by an unfamiliar multiplier. The start is uniform on 0..99, so (every operation being
/// a bijection) the answer is uniform too.
/// </summary>
/// <param name="MinSteps">Fewest operations.</param>
/// <param name="MaxSteps">Most operations (drawn uniformly in between).</param>
/// <param name="MultiplyShare">Chance that an operation is '*'; otherwise '+' or '-' (by 1..9) equally.</param>
/// <param name="UnfamiliarShare">Chance that a multiplication is by 11, 13, 17 or 19 rather than 3, 7 or 9.</param>
internal sealed record ProblemShape(int MinSteps, int MaxSteps, double MultiplyShare, double UnfamiliarShare)
{
    /// <summary>Draws one problem.</summary>
    public Problem Draw(SplitMix64 random)
    {
        var steps = random.Next(MinSteps, MaxSteps);
        var start = random.Next(0, Problem.Modulus - 1);
        var operations = new List<Operation>(steps);
        for (var i = 0; i < steps; i++)
        {
            operations.Add(random.NextDouble() < MultiplyShare
                ? new Operation('*', Pick(random, random.NextDouble() < UnfamiliarShare ? Operation.UnfamiliarMultipliers : Operation.Multipliers))
                : new Operation(random.NextDouble() < 0.5 ? '+' : '-', random.Next(1, 9)));
        }

        return new Problem(start, operations);
    }

    private static int Pick(SplitMix64 random, IReadOnlyList<int> values) => values[random.Next(0, values.Count - 1)];
}
