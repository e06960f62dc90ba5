namespace Headroom.Study;

/// <summary>
/// A CSV source in the layout `headroom fit` and `regimes` read (and the paper's released curves): one row per
/// evaluation or checkpoint, the columns named here.
/// </summary>
/// <param name="Path">The CSV, resolved against the manifest.</param>
/// <param name="Group">The column naming each branch (the SFT step it started from), or the checkpoint step of an SFT table.</param>
/// <param name="Compute">The column of compute in EF (RL: since the branch point; SFT: cumulative).</param>
/// <param name="Score">The column of the headline score, or null.</param>
/// <param name="ValidationLoss">The column of the SFT validation loss, or null.</param>
public sealed record TableSpec(string Path, string Group, string Compute, string? Score, string? ValidationLoss);
