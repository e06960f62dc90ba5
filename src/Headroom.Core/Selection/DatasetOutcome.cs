namespace Headroom.Core.Selection;

/// <summary>An SFT dataset whose ceiling is known: its minimum validation loss and its best post-training ceiling.</summary>
/// <param name="Name">The dataset's label (e.g. "SFT889K").</param>
/// <param name="MinValidationLoss">The minimum SFT validation loss over the run.</param>
/// <param name="BestCeiling">The highest A_post over that dataset's branches.</param>
public sealed record DatasetOutcome(string Name, double MinValidationLoss, double BestCeiling);
