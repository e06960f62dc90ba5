namespace Headroom.Core.Selection;

/// <summary>An SFT dataset whose minimum validation loss is known but whose ceiling is not (no RL run yet).</summary>
/// <param name="Name">The dataset's label.</param>
/// <param name="MinValidationLoss">The minimum SFT validation loss over the run.</param>
public sealed record DatasetCandidate(string Name, double MinValidationLoss);
