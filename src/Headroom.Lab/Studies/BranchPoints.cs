using Headroom.Core.Regimes;

namespace Headroom.Lab.Studies;

/// <summary>
/// Where SFT-then-RL branches start: one checkpoint per regime the SFT run went through (framework.md §4),
/// labelled from its validation loss as `headroom regimes` and `headroom analyze` label it (checkpoints
/// after step 0). Adaptive: the middle Adaptive checkpoint (underfit); Stable: the recommended switch, the
/// first Stable checkpoint; Mild: the middle Mild checkpoint; Severe: the last checkpoint (the most overfit).
/// </summary>
internal static class BranchPoints
{
    /// <summary>Adaptive, Stable, Mild or Severe.</summary>
    public static string Name(SftRegime regime) => regime switch
    {
        SftRegime.MildOverfitting => "Mild",
        SftRegime.SevereOverfitting => "Severe",
        _ => regime.ToString(),
    };

    /// <summary>The branch points in step order; none when the losses cannot be labelled.</summary>
    public static IReadOnlyList<(int Step, SftRegime Regime)> Choose(IReadOnlyList<double> steps, IReadOnlyList<double> losses)
    {
        var analysis = SftRegimes.Classify(steps, losses);
        if (analysis.Status != RegimeStatus.Labelled)
        {
            return [];
        }

        var points = new List<(int, SftRegime)>();
        foreach (var regime in new[] { SftRegime.Adaptive, SftRegime.Stable, SftRegime.MildOverfitting, SftRegime.SevereOverfitting })
        {
            var members = analysis.Checkpoints.Where(c => c.Regime == regime).ToList();
            var chosen = regime switch
            {
                _ when members.Count == 0 => null,
                SftRegime.Stable => analysis.RecommendedSwitch,
                SftRegime.SevereOverfitting => members[^1],
                _ => members[(members.Count - 1) / 2],
            };
            if (chosen is not null)
            {
                points.Add(((int)chosen.Step, regime));
            }
        }

        return points;
    }
}
