using System.Globalization;

namespace Headroom.Lab.World;

/// <summary>
/// The world's exact checker. A response is correct when, up to its first '$', it ends with
/// "#&lt;answer&gt;$" and the number equals the problem's answer (outcome only, as math verifiers do).
/// </summary>
internal static class Verifier
{
    /// <summary>The final answer written in <paramref name="response"/>, or null when there is none.</summary>
    public static int? FinalAnswer(string response)
    {
        var end = response.IndexOf('$', StringComparison.Ordinal);
        var hash = end < 0 ? -1 : response.LastIndexOf('#', end);
        if (hash < 0 || end - hash < 2 || end - hash > 8)
        {
            return null;
        }

        var digits = response.AsSpan(hash + 1, end - hash - 1);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var answer) ? answer : null;
    }

    /// <summary>True when the response's final answer is the problem's answer.</summary>
    public static bool IsCorrect(Problem problem, string response) => FinalAnswer(response) == problem.Answer;

    /// <summary>
    /// True when every step "a op b = r;" is exact, follows the problem's chain (a commutative step in
    /// either order), and the answer is right.
    /// </summary>
    public static bool IsExactTrajectory(Problem problem, string response)
    {
        var parts = response.Split(';');
        if (parts.Length != problem.Steps + 1 || !IsCorrect(problem, response))
        {
            return false;
        }

        var value = problem.Start;
        for (var i = 0; i < problem.Steps; i++)
        {
            var operation = problem.Operations[i];
            var result = operation.Apply(value);
            var exact = parts[i] == Trajectories.Step(value, operation, result, operandFirst: false)
                || (Trajectories.IsCommutative(operation.Operator) && parts[i] == Trajectories.Step(value, operation, result, operandFirst: true));
            if (!exact)
            {
                return false;
            }

            value = result;
        }

        return parts[^1] == $"#{Problem.Value(value)}$";
    }
}
