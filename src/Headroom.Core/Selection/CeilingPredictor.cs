using MathNet.Numerics.Distributions;

namespace Headroom.Core.Selection;

/// <summary>
/// The ordinary least-squares line ceiling = a + b · loss over the datasets with known ceilings, and its
/// prediction intervals:
///
///     ŷ(x₀) ± t_{1−α/2, n−2} · s · √(1 + 1/n + (x₀ − x̄)² / Sxx),    s² = RSS / (n − 2)
///
/// (x = minimum validation loss, y = best ceiling, Sxx = Σ(x − x̄)²).
/// </summary>
/// <param name="Count">Datasets fitted, n.</param>
/// <param name="Intercept">a (NaN with fewer than 2 datasets or a constant loss).</param>
/// <param name="Slope">b, ceiling points per unit of loss (NaN as for <paramref name="Intercept"/>).</param>
/// <param name="RSquared">1 − RSS / Syy (NaN when undefined: fewer than 2 datasets, constant loss or constant ceiling).</param>
/// <param name="ResidualStandardError">s (NaN with fewer than 3 datasets: a line through 2 points has no residual).</param>
/// <param name="MeanLoss">x̄.</param>
/// <param name="LossSumOfSquares">Sxx.</param>
/// <param name="MinObservedLoss">The lowest fitted loss; predictions below it extrapolate.</param>
/// <param name="MaxObservedLoss">The highest fitted loss; predictions above it extrapolate.</param>
/// <param name="Level">The coverage of the intervals.</param>
public sealed record CeilingPredictor(
    int Count,
    double Intercept,
    double Slope,
    double RSquared,
    double ResidualStandardError,
    double MeanLoss,
    double LossSumOfSquares,
    double MinObservedLoss,
    double MaxObservedLoss,
    double Level)
{
    /// <summary>True when the line exists (at least 2 datasets with different losses).</summary>
    public bool IsDefined => double.IsFinite(Slope);

    /// <summary>True when intervals exist (at least 3 datasets with different losses).</summary>
    public bool HasIntervals => IsDefined && Count >= 3 && double.IsFinite(ResidualStandardError);

    /// <summary>
    /// The predicted ceiling at <paramref name="loss"/> with its interval; NaN fields where the line or the
    /// interval does not exist, or the loss is not finite.
    /// </summary>
    public CeilingPrediction Predict(string name, double loss, double observed = double.NaN)
    {
        var extrapolated = double.IsFinite(loss) && (loss < MinObservedLoss || loss > MaxObservedLoss);
        if (!IsDefined || !double.IsFinite(loss))
        {
            return new CeilingPrediction(name, loss, double.NaN, double.NaN, double.NaN, observed, extrapolated);
        }

        var predicted = Intercept + (Slope * loss);
        if (!HasIntervals)
        {
            return new CeilingPrediction(name, loss, predicted, double.NaN, double.NaN, observed, extrapolated);
        }

        var t = StudentT.InvCDF(0, 1, Count - 2, 1 - ((1 - Level) / 2));
        var distance = loss - MeanLoss;
        var halfWidth = t * ResidualStandardError * Math.Sqrt(1 + (1.0 / Count) + (distance * distance / LossSumOfSquares));
        return new CeilingPrediction(name, loss, predicted, predicted - halfWidth, predicted + halfWidth, observed, extrapolated);
    }

    /// <summary>Fits the line to finite (loss, ceiling) pairs; see the parameters for what is NaN when.</summary>
    internal static CeilingPredictor Fit(IReadOnlyList<DatasetOutcome> datasets, double level)
    {
        var n = datasets.Count;
        var x = datasets.Select(d => d.MinValidationLoss).ToArray();
        var y = datasets.Select(d => d.BestCeiling).ToArray();
        var meanX = n == 0 ? double.NaN : x.Average();
        var meanY = n == 0 ? double.NaN : y.Average();
        var sxx = x.Sum(v => (v - meanX) * (v - meanX));
        var syy = y.Sum(v => (v - meanY) * (v - meanY));
        var minX = n == 0 ? double.NaN : x.Min();
        var maxX = n == 0 ? double.NaN : x.Max();
        if (n < 2 || sxx == 0)
        {
            return new CeilingPredictor(n, double.NaN, double.NaN, double.NaN, double.NaN, meanX, sxx, minX, maxX, level);
        }

        var (intercept, slope) = MathNet.Numerics.Fit.Line(x, y);
        var rss = x.Zip(y, (xi, yi) => yi - (intercept + (slope * xi))).Sum(r => r * r);
        var rSquared = syy == 0 ? double.NaN : 1 - (rss / syy);
        var s = n >= 3 ? Math.Sqrt(rss / (n - 2)) : double.NaN;
        return new CeilingPredictor(n, intercept, slope, rSquared, s, meanX, sxx, minX, maxX, level);
    }
}
