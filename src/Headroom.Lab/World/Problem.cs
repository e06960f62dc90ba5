namespace Headroom.Lab.World;

/// <summary>One operation of a chain: '+', '-' or '*' with a one-digit operand, modulo 10.</summary>
internal readonly record struct Operation(char Operator, int Operand)
{
    /// <summary>The exact result of applying this operation to <paramref name="value"/>, modulo 10 (always 0..9).</summary>
    public int Apply(int value) => Operator switch
    {
        '+' => (value + Operand) % 10,
        '-' => (value - Operand + 10) % 10,
        '*' => value * Operand % 10,
        _ => throw new InvalidOperationException($"Unknown operator '{Operator}'."),
    };
}

/// <summary>
/// A problem of the lab's math world: a start digit and a chain of one-digit operations applied left
/// to right modulo 10, e.g. "3+8*2-9?" (3+8=1, 1*2=2, 2-9=3). Solving it takes one reasoning step per
/// operation; difficulty grows with the number of steps, as each step is another chance to slip.
/// </summary>
internal sealed record Problem(int Start, IReadOnlyList<Operation> Operations)
{
    /// <summary>Reasoning steps an expert writes: one per operation.</summary>
    public int Steps => Operations.Count;

    /// <summary>The prompt the model sees, ending with '?'.</summary>
    public string Prompt => Start + string.Concat(Operations.Select(o => $"{o.Operator}{o.Operand}")) + "?";

    /// <summary>The exact answer (left-to-right evaluation).</summary>
    public int Answer => Operations.Aggregate(Start, (value, operation) => operation.Apply(value));

    /// <summary>Reads a prompt such as "3+8*2-9?" back into a problem; null when it is not one.</summary>
    public static Problem? Parse(string prompt)
    {
        var match = System.Text.RegularExpressions.Regex.Match(prompt, @"^(\d+)(?:([-+*])(\d+))*\?$");
        if (!match.Success)
        {
            return null;
        }

        var operators = match.Groups[2].Captures;
        var operands = match.Groups[3].Captures;
        var operations = Enumerable.Range(0, operators.Count).Select(i => new Operation(operators[i].Value[0], int.Parse(operands[i].Value, System.Globalization.CultureInfo.InvariantCulture)));
        return new Problem(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), [.. operations]);
    }
}
