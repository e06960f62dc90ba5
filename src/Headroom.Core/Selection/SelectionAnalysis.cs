namespace Headroom.Core.Selection;

/// <summary>
/// What the minimum validation loss says about which SFT dataset to use (framework.md §5).
/// </summary>
/// <param name="Correlation">Pearson and Spearman correlation of minimum loss with best ceiling.</param>
/// <param name="Predictor">The linear predictor ceiling = a + b · loss.</param>
/// <param name="Fitted">The datasets with known ceilings: observed, predicted (in-sample) and residual, in input order.</param>
/// <param name="Ranking">The candidates, best predicted ceiling first (by loss, lowest first, when there is no predictor).</param>
/// <param name="SkippedNonFinite">Names of fitted datasets left out because their loss or ceiling was NaN or infinite.</param>
/// <param name="Warnings">What the user must know, one sentence each.</param>
public sealed record SelectionAnalysis(
    LossCeilingCorrelation Correlation,
    CeilingPredictor Predictor,
    IReadOnlyList<CeilingPrediction> Fitted,
    IReadOnlyList<CeilingPrediction> Ranking,
    IReadOnlyList<string> SkippedNonFinite,
    IReadOnlyList<string> Warnings);
