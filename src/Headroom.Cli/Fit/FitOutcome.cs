using Headroom.Core.Decomposition;
using Headroom.Core.Fitting;
using Headroom.Core.Regimes;

namespace Headroom.Cli.Fit;

/// <summary>One fitted branch with how its settings were chosen and its role in the study.</summary>
internal sealed record FittedBranch(BranchCeiling Ceiling, FitSettings Settings, string SettingsSource, BranchRole Role, double? ValidationLoss);

/// <summary>The result of `headroom fit`: every branch, and the study summary when there are several.</summary>
internal sealed record FitOutcome(IReadOnlyList<FittedBranch> Branches, DecompositionSummary? Summary, RegimeAnalysis? Regimes);
