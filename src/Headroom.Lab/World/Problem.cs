using System.Globalization;

namespace Headroom.Lab.World;

/// <summary>
/// One operation of a chain on two-digit values modulo 100: '+' or '-' a digit 1..9, or '*' by 3, 7, 9
/// (familiar) or 11, 13, 17, 19 (unfamiliar: the base model's corpus never gives their results). Every operation is a
/// bijection of 0..99 (all seven multipliers are units modulo 100), so no step erases an earlier one: a
/// wrong intermediate value always leads to a wrong answer (barring a second, exactly compensating slip).
/// </summary>
internal readonly record struct Operation(char Operator, int Operand)
{
    /// <summary>The familiar multipliers: the one-digit units modulo 100 other than 1.</summary>
    public static IReadOnlyList<int> Multipliers { get; } = [3, 7, 9];

    /// <summary>
    /// The unfamiliar multipliers: two-digit units modulo 100. The base model's corpus multiplies by them but
    /// writes a guessed result (uniform on 0..99), so their 400 results are knowledge that only expert
    /// trajectories (SFT, or the synchronized methods' off-policy samples) can teach; RL from the base model
    /// must guess them (1 in 100).
    /// </summary>
    public static IReadOnlyList<int> UnfamiliarMultipliers { get; } = [11, 13, 17, 19];

    /// <summary>True for a multiplication by an <see cref="UnfamiliarMultipliers"/> value.</summary>
    public bool IsUnfamiliar => Operator == '*' && Operand >= 10;

    /// <summary>The exact result of applying this operation to <paramref name="value"/>, modulo 100 (always 0..99).</summary>
    public int Apply(int value) => Operator switch
    {
        '+' => (value + Operand) % Problem.Modulus,
        '-' => (value - Operand + Problem.Modulus) % Problem.Modulus,
        '*' => value * Operand % Problem.Modulus,
        _ => throw new InvalidOperationException($"Unknown operator '{Operator}'."),
    };

    /// <summary>
    /// The result without the carry (or borrow) from the units digit into the tens: units and tens are
    /// each computed modulo 10. It differs from <see cref="Apply"/> exactly when the step carries.
    /// </summary>
    public int ApplyWithoutCarry(int value)
    {
        int tens = value / 10, units = value % 10;
        return Operator switch
        {
            '+' => tens * 10 + (units + Operand) % 10,
            '-' => tens * 10 + (units - Operand + 10) % 10,
            '*' => tens * Operand % 10 * 10 + units * Operand % 10,
            _ => throw new InvalidOperationException($"Unknown operator '{Operator}'."),
        };
    }

    /// <summary>True when a familiar step carries (or borrows) from the units into the tens; the corpus's slips are defined for familiar steps only.</summary>
    public bool Carries(int value) => !IsUnfamiliar && ApplyWithoutCarry(value) != Apply(value);

    /// <summary>The weak solver's slip: the exact result with its two digits transposed (45 as 54, 07 as 70).</summary>
    public int Slipped(int value) => Apply(value) % 10 * 10 + Apply(value) / 10;

    /// <summary>
    /// True when a weak solver can slip on this step: it carries, and its result has two different digits
    /// (so the transposition changes it).
    /// </summary>
    public bool CanSlip(int value) => Carries(value) && Slipped(value) != Apply(value);
}

/// <summary>
/// A problem of the lab's math world (version 5): a two-digit start value and a chain of operations
/// applied left to right modulo 100, e.g. "05+8*13-9?" (05+8=13, 13*13=69, 69-9=60). Solving it takes one
/// reasoning step per operation; the answer is one of 100 values, uniform when the start is.
/// </summary>
internal sealed record Problem(int Start, IReadOnlyList<Operation> Operations)
{
    /// <summary>Values live in 0..Modulus-1 and are written with two digits.</summary>
    public const int Modulus = 100;

    /// <summary>Reasoning steps an expert writes: one per operation.</summary>
    public int Steps => Operations.Count;

    /// <summary>The prompt the model sees, ending with '?'.</summary>
    public string Prompt => Value(Start) + string.Concat(Operations.Select(o => $"{o.Operator}{o.Operand}")) + "?";

    /// <summary>The exact answer (left-to-right evaluation).</summary>
    public int Answer => Operations.Aggregate(Start, (value, operation) => operation.Apply(value));

    /// <summary>Multiplications by an unfamiliar multiplier (knowledge the base model lacks).</summary>
    public int UnfamiliarSteps => Operations.Count(o => o.IsUnfamiliar);

    /// <summary>Steps of the exact chain where a weak solver can slip (<see cref="Operation.CanSlip"/>).</summary>
    public int SlipSteps
    {
        get
        {
            var (value, slips) = (Start, 0);
            foreach (var operation in Operations)
            {
                slips += operation.CanSlip(value) ? 1 : 0;
                value = operation.Apply(value);
            }

            return slips;
        }
    }

    /// <summary>A value as the world writes it: two digits ("05").</summary>
    public static string Value(int value) => value.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Reads a prompt such as "05+8*13-9?" back into a problem; null when it is not one.</summary>
    public static Problem? Parse(string prompt)
    {
        var match = System.Text.RegularExpressions.Regex.Match(prompt, @"^(\d\d)(?:([-+*])(\d\d?))*\?$");
        if (!match.Success)
        {
            return null;
        }

        var operators = match.Groups[2].Captures;
        var operands = match.Groups[3].Captures;
        var operations = Enumerable.Range(0, operators.Count).Select(i => new Operation(operators[i].Value[0], int.Parse(operands[i].Value, CultureInfo.InvariantCulture))).ToList();
        var valid = operations.All(o => o.Operator == '*' ? Operation.Multipliers.Contains(o.Operand) || Operation.UnfamiliarMultipliers.Contains(o.Operand) : o.Operand is >= 1 and <= 9);
        return valid ? new Problem(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), operations) : null;
    }
}
