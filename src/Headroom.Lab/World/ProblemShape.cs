namespace Headroom.Lab.World;

/// <summary>
/// A distribution of problems: how many steps, and how often a step is a multiplication. Values and
/// operands are digits; every step is modulo 10.
/// </summary>
/// <param name="MinSteps">Fewest operations.</param>
/// <param name="MaxSteps">Most operations (drawn uniformly in between).</param>
/// <param name="MultiplyShare">Chance that an operation is '*' (by 2..9); otherwise '+' or '-' (by 1..9) equally.</param>
internal sealed record ProblemShape(int MinSteps, int MaxSteps, double MultiplyShare)
{
    /// <summary>Largest value.</summary>
    public const int MaxValue = 9;

    /// <summary>Draws one problem.</summary>
    public Problem Draw(SplitMix64 random)
    {
        var steps = random.Next(MinSteps, MaxSteps);
        var start = random.Next(0, MaxValue);
        var operations = new List<Operation>(steps);
        for (var i = 0; i < steps; i++)
        {
            operations.Add(random.NextDouble() < MultiplyShare
                ? new Operation('*', random.Next(2, 9))
                : new Operation(random.NextDouble() < 0.5 ? '+' : '-', random.Next(1, 9)));
        }

        return new Problem(start, operations);
    }
}
