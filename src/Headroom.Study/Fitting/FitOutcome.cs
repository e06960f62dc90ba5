using Headroom.Core.Decomposition;
using Headroom.Core.Fitting;
using Headroom.Core.Regimes;

namespace Headroom.Study;

/// <summary>One fitted branch with how its settings were chosen and its role in the study.</summary>
/// <param name="Ceiling">The estimate: A_post = P_sft + PL_rl with its fit, intervals and warnings.</param>
/// <param name="Settings">The fit settings used.</param>
/// <param name="SettingsSource">Where the settings came from (default, a settings file, the command line, the auto search).</param>
/// <param name="Role">Pure-RL or not, and the SFT regime of the branch's checkpoint when known.</param>
/// <param name="ValidationLoss">The SFT validation loss of the branch's checkpoint, when known.</param>
public sealed record FittedBranch(BranchCeiling Ceiling, FitSettings Settings, string SettingsSource, BranchRole Role, double? ValidationLoss);

/// <summary>The result of fitting a set of branches: every branch, and the study summary when there are several.</summary>
/// <param name="Branches">Every branch in the order given.</param>
/// <param name="Summary">Averages, best and Pure-RL branch (null for a single branch).</param>
/// <param name="Regimes">The SFT checkpoints' regimes when validation losses were given.</param>
public sealed record FitOutcome(IReadOnlyList<FittedBranch> Branches, DecompositionSummary? Summary, RegimeAnalysis? Regimes);
