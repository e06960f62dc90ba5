namespace Headroom.Core.Fitting;

/// <summary>
/// The result of one robust fit of the law, with its diagnostics. Indices refer to the points as given
/// (sorted by compute, branch point first).
/// </summary>
public sealed record SigmoidFit
{
    /// <summary>The fitted parameters (NaN when the fit could not be made).</summary>
    public required SigmoidParameters Parameters { get; init; }

    /// <summary>How the fit ended.</summary>
    public required FitStatus Status { get; init; }

    /// <summary>The settings used.</summary>
    public required FitSettings Settings { get; init; }

    /// <summary>First training index (inclusive).</summary>
    public required int TrainStart { get; init; }

    /// <summary>End of the training range (exclusive); points from here on validate.</summary>
    public required int TrainEnd { get; init; }

    /// <summary>Training points rejected as outliers by the Z-score stage.</summary>
    public required IReadOnlyList<int> Outliers { get; init; }

    /// <summary>R² on the training inliers.</summary>
    public required double R2Train { get; init; }

    /// <summary>R² on the validation points (NaN when there are fewer than 2).</summary>
    public required double R2Validation { get; init; }

    /// <summary>RMSE on the validation points (NaN when there are none).</summary>
    public required double RmseValidation { get; init; }

    /// <summary>RMSE on the training inliers.</summary>
    public required double RmseTrain { get; init; }

    /// <summary>Akaike information criterion on the training inliers.</summary>
    public required double Aic { get; init; }

    /// <summary>Bayesian information criterion on the training inliers.</summary>
    public required double Bic { get; init; }

    /// <summary>Sum of the h smallest squared residuals of the final LTS fit (NaN without LTS).</summary>
    public required double TrimmedLoss { get; init; }

    /// <summary>The parameters that sit on their bound (the data do not pin them down); empty when none.</summary>
    public required IReadOnlyList<string> AtBound { get; init; }

    /// <summary>
    /// True when the fit leaves the ceiling bounded only by the search box: PL on its bound (the kit's LTS search
    /// leaves PL free) or C_mid on its upper bound (twice the largest compute), as for a curve still rising at its end.
    /// </summary>
    public bool CeilingAtBound { get; init; }

    /// <summary>Number of training inliers.</summary>
    public int InlierCount => TrainEnd - TrainStart - Outliers.Count;

    /// <summary>Number of validation points.</summary>
    public required int ValidationCount { get; init; }

    /// <summary>The model selection score of the paper's kit: R²_val - 0.2 max(0, R²_train - R²_val).</summary>
    public double SelectionScore => R2Validation - (0.2 * Math.Max(0, R2Train - R2Validation));
}
