using System.Globalization;
using System.Text.RegularExpressions;

namespace Headroom.Ingest;

/// <summary>The training step an evaluation output's path names (`checkpoint-500/`, `global_step_500/`), if any.</summary>
internal static partial class PathStep
{
    public static long? Find(string path)
    {
        long? step = null;
        foreach (Match match in StepPattern().Matches(path.Replace('\\', '/')))
        {
            step = long.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        }

        return step;
    }

    [GeneratedRegex("(^|/)(checkpoint-|global_step_?)(?<n>[0-9]+)(/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex StepPattern();
}
