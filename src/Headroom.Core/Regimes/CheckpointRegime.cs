namespace Headroom.Core.Regimes;

/// <summary>One labelled SFT checkpoint.</summary>
/// <param name="Index">Position of the checkpoint in the input series (skipped rows keep their numbers).</param>
/// <param name="Step">The checkpoint's step (or compute) as given.</param>
/// <param name="Loss">Its validation loss.</param>
/// <param name="Regime">Its regime.</param>
/// <param name="RelativeExcess">L / L_min − 1: how far above the minimum it is (0.02 is the default Stable edge).</param>
/// <param name="Note">Why a label is not the plain reading of its loss (a Stable checkpoint outside the band), else null.</param>
public sealed record CheckpointRegime(int Index, double Step, double Loss, SftRegime Regime, double RelativeExcess, string? Note = null);
