namespace Headroom.Core.Selection;

/// <summary>A predicted best ceiling for one dataset, with its prediction interval.</summary>
/// <param name="Name">The dataset's label.</param>
/// <param name="MinValidationLoss">Its minimum validation loss.</param>
/// <param name="Predicted">The predictor's ceiling at that loss (NaN without a predictor or for a non-finite loss).</param>
/// <param name="Low">Lower end of the prediction interval (NaN with fewer than 3 datasets).</param>
/// <param name="High">Upper end of the prediction interval (NaN with fewer than 3 datasets).</param>
/// <param name="Observed">The dataset's known best ceiling, or NaN for a candidate.</param>
/// <param name="Extrapolated">True when the loss lies outside the range of the fitted datasets' losses.</param>
public sealed record CeilingPrediction(
    string Name, double MinValidationLoss, double Predicted, double Low, double High, double Observed, bool Extrapolated)
{
    /// <summary>Observed minus predicted (NaN for a candidate).</summary>
    public double Residual => Observed - Predicted;
}
