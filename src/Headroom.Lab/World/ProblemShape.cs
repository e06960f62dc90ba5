namespace Headroom.Lab.World;

/// <summary>
/// A distribution of problems: how many steps, and how often a step is a multiplication. The start is
/// uniform on 0..99, so (every operation being a bijection) the answer is uniform too.
/// </summary>
/// <param name="MinSteps">Fewest operations.</param>
/// <param name="MaxSteps">Most operations (drawn uniformly in between).</param>
/// <param name="MultiplyShare">Chance that an operation is '*' (by 3, 7 or 9); otherwise '+' or '-' (by 1..9) equally.</param>
internal sealed record ProblemShape(int MinSteps, int MaxSteps, double MultiplyShare)
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
                ? new Operation('*', Operation.Multipliers[random.Next(0, Operation.Multipliers.Count - 1)])
                : new Operation(random.NextDouble() < 0.5 ? '+' : '-', random.Next(1, 9)));
        }

        return new Problem(start, operations);
    }
}
