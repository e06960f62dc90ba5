namespace Headroom.Study;

/// <summary>One SFT dataset: its minimum validation loss and the best ceiling of the branches trained on it.</summary>
/// <param name="Name">The dataset.</param>
/// <param name="Run">The SFT run.</param>
/// <param name="MinValidationLoss">The minimum validation loss (NaN when unknown).</param>
/// <param name="BestAPost">The best A_post of its branches, or the reported one (NaN for a candidate).</param>
/// <param name="BestBranch">The branch with that ceiling (null when reported or a candidate).</param>
/// <param name="Size">Examples in the dataset, when given.</param>
/// <param name="Difficulty">Its difficulty label, when given.</param>
public sealed record DatasetResult(string Name, string Run, double MinValidationLoss, double BestAPost, string? BestBranch, double? Size, string? Difficulty);
