using Headroom.Core.Fitting;
using Headroom.Core.Regimes;

namespace Headroom.Study;

/// <summary>One RL run of the study: the measured curve joined with compute, its ceiling and what follows from it.</summary>
public sealed record BranchResult
{
    /// <summary>The branch's name.</summary>
    public required string Name { get; init; }

    /// <summary>SFT-then-RL, Pure-RL or synchronized.</summary>
    public required Paradigm Paradigm { get; init; }

    /// <summary>The RL algorithm as the manifest names it.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The SFT run it starts from (null from the base model).</summary>
    public string? From { get; init; }

    /// <summary>The SFT step it starts from (null from the base model).</summary>
    public double? SftStep { get; init; }

    /// <summary>SFT compute spent before the branch point, EF (0 from the base model; NaN when unknown).</summary>
    public required double SftExaFlops { get; init; }

    /// <summary>The measured curve: RL compute since the branch point (EF) and headline scores.</summary>
    public required BranchCurve Curve { get; init; }

    /// <summary>The RL steps of the evaluations, in the curve's order (empty for a table).</summary>
    public IReadOnlyList<double> Steps { get; init; } = [];

    /// <summary>The ceiling: A_post = P_sft + PL_rl, fit, intervals, warnings.</summary>
    public required BranchCeiling Ceiling { get; init; }

    /// <summary>The settings the fit used.</summary>
    public required FitSettings Settings { get; init; }

    /// <summary>Where the settings came from.</summary>
    public required string SettingsSource { get; init; }

    /// <summary>The SFT regime of the branch's checkpoint, when known.</summary>
    public SftRegime? Regime { get; init; }

    /// <summary>The SFT validation loss of the branch's checkpoint, when known.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>RL compute to reach 90, 95 and 99% of the headroom (sigmoid fits only).</summary>
    public IReadOnlyList<HeadroomReach> Reach { get; init; } = [];

    /// <summary>How steady the score is.</summary>
    public required ScoreStability Stability { get; init; }

    /// <summary>How compute was counted, in words.</summary>
    public required string ComputeBasis { get; init; }

    /// <summary>Where the run was read from.</summary>
    public required string Source { get; init; }

    /// <summary>What was skipped or assumed while reading, one line each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Total compute at the last evaluation: SFT before the branch plus RL, EF.</summary>
    public double TotalExaFlops => SftExaFlops + Ceiling.MaxCompute;
}
