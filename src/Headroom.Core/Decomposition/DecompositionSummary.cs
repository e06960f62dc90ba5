using Headroom.Core.Fitting;

namespace Headroom.Core.Decomposition;

/// <summary>
/// The decomposition A_post = P_sft + PL_rl averaged over the branches of one SFT dataset, as the paper's
/// tables report it, and the best branch.
/// </summary>
public sealed record DecompositionSummary
{
    /// <summary>Mean P_sft over the branches used.</summary>
    public required double MeanPSft { get; init; }

    /// <summary>Mean PL_rl over the branches used.</summary>
    public required double MeanPLrl { get; init; }

    /// <summary>Mean A_post over the branches used.</summary>
    public required double MeanAPost { get; init; }

    /// <summary>The groups averaged.</summary>
    public required IReadOnlyList<string> Used { get; init; }

    /// <summary>The groups left out of the averages, each with the reason.</summary>
    public required IReadOnlyList<(string Group, string Reason)> Excluded { get; init; }

    /// <summary>The SFT branch with the highest identified A_post (the dataset's best ceiling), or null.</summary>
    public required BranchCeiling? Best { get; init; }

    /// <summary>The Pure-RL branch, or null.</summary>
    public required BranchCeiling? PureRl { get; init; }
}
