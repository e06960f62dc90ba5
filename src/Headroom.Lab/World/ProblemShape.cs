namespace Headroom.Lab.World;

/// <summary>
/// A distribution of problems: how many steps, how large the operands, how often a multiplication.
/// Intermediate values stay within 0..999 so every step is at most a 3-digit operation.
/// </summary>
/// <param name="MinSteps">Fewest operations.</param>
/// <param name="MaxSteps">Most operations (drawn uniformly in between).</param>
/// <param name="MaxOperand">Largest start value and '+'/'-' operand (at least 1).</param>
/// <param name="MultiplyShare">Chance that an operation is '*' by 2..9 when the value is at most 99.</param>
internal sealed record ProblemShape(int MinSteps, int MaxSteps, int MaxOperand, double MultiplyShare)
{
    /// <summary>Largest intermediate value.</summary>
    public const int MaxValue = 999;

    /// <summary>Draws one problem.</summary>
    public Problem Draw(SplitMix64 random)
    {
        var steps = random.Next(MinSteps, MaxSteps);
        var value = random.Next(1, MaxOperand);
        var start = value;
        var operations = new List<Operation>(steps);
        for (var i = 0; i < steps; i++)
        {
            var operation = NextOperation(random, value);
            operations.Add(operation);
            value = operation.Apply(value);
        }

        return new Problem(start, operations);
    }

    private Operation NextOperation(SplitMix64 random, int value)
    {
        if (value <= 99 && random.NextDouble() < MultiplyShare)
        {
            return new Operation('*', random.Next(2, 9));
        }

        var operand = random.Next(1, MaxOperand);
        var canAdd = value + operand <= MaxValue;
        var canSubtract = value - operand >= 0;
        var add = canAdd && (!canSubtract || random.NextDouble() < 0.5);
        return new Operation(add ? '+' : '-', operand);
    }
}
