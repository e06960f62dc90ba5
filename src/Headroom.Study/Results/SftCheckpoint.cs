namespace Headroom.Study;

/// <summary>One SFT checkpoint: its step, cumulative SFT compute, validation loss and headline score (NaN when unknown).</summary>
/// <param name="Step">The optimiser step.</param>
/// <param name="ExaFlops">Cumulative SFT compute at the step, EF (NaN when the study has no way to count it).</param>
/// <param name="ValidationLoss">The validation loss, or NaN.</param>
/// <param name="Score">The headline score, or NaN.</param>
public sealed record SftCheckpoint(double Step, double ExaFlops, double ValidationLoss, double Score);
