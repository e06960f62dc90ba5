using Headroom.Core.Regimes;

namespace Headroom.Study;

/// <summary>One SFT run as read: its checkpoints, regimes and the notes of what the readers skipped or assumed.</summary>
/// <param name="Spec">The manifest entry.</param>
/// <param name="Source">Where it was read from (a log path and format, a CSV, or "reported").</param>
/// <param name="Checkpoints">The checkpoints in step order (empty for a dataset reported from elsewhere).</param>
/// <param name="Regimes">The regimes of the checkpoints with a validation loss, or null when none has one.</param>
/// <param name="ComputeBasis">How compute was counted, in words.</param>
/// <param name="Notes">What was skipped or assumed, one line each.</param>
public sealed record SftRunResult(
    SftRunSpec Spec,
    string Source,
    IReadOnlyList<SftCheckpoint> Checkpoints,
    RegimeAnalysis? Regimes,
    string ComputeBasis,
    IReadOnlyList<string> Notes)
{
    /// <summary>The name branches use.</summary>
    public string Name => Spec.Name;

    /// <summary>The minimum validation loss: from the checkpoints, else the reported value, else NaN.</summary>
    public double MinValidationLoss => Regimes is { Status: RegimeStatus.Labelled } r ? r.MinimumLoss : Spec.MinValidationLoss ?? double.NaN;

    /// <summary>The recommended switch to RL (the first Stable checkpoint), or null.</summary>
    public CheckpointRegime? RecommendedSwitch => Regimes?.RecommendedSwitch;

    /// <summary>The checkpoint at <paramref name="step"/>, or null.</summary>
    public SftCheckpoint? At(double step) => Checkpoints.FirstOrDefault(c => c.Step == step);

    /// <summary>Cumulative compute at <paramref name="step"/>, interpolated linearly between checkpoints (NaN outside them).</summary>
    public double ExaFlopsAt(double step)
    {
        var known = Checkpoints.Where(c => double.IsFinite(c.ExaFlops)).ToList();
        if (step == 0)
        {
            return 0;
        }

        for (var i = 0; i < known.Count; i++)
        {
            if (known[i].Step == step)
            {
                return known[i].ExaFlops;
            }

            if (known[i].Step > step && i > 0)
            {
                var (a, b) = (known[i - 1], known[i]);
                return a.ExaFlops + ((b.ExaFlops - a.ExaFlops) * (step - a.Step) / (b.Step - a.Step));
            }
        }

        return double.NaN;
    }
}
