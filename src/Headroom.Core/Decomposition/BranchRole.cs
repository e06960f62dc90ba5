using Headroom.Core.Regimes;

namespace Headroom.Core.Decomposition;

/// <summary>What a branch is within a study: Pure-RL or an SFT checkpoint with its regime (if known).</summary>
/// <param name="Group">The branch label.</param>
/// <param name="IsPureRl">True for RL started from the base model (x_sft = 0).</param>
/// <param name="Regime">The SFT regime of the checkpoint it branched from, when the validation loss is known.</param>
public sealed record BranchRole(string Group, bool IsPureRl, SftRegime? Regime = null);
