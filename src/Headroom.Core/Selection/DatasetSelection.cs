using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Headroom.Core.Selection;

/// <summary>
/// Chooses expert-trajectory datasets by their minimum SFT validation loss (framework.md §5): across
/// datasets whose best ceiling is known, correlate loss with ceiling, fit a line, and rank candidate
/// datasets (loss known, ceiling not) by the ceiling the line predicts.
/// </summary>
public static class DatasetSelection
{
    /// <summary>
    /// Analyses datasets with known ceilings and ranks candidates. Degenerate input gives NaN, not an
    /// exception: fewer than 2 datasets (or a constant loss) give no correlation and no line, fewer than 3 give no
    /// interval and no p-value; each case adds a warning. Fitted datasets with a non-finite loss or ceiling are
    /// skipped and named in <see cref="SelectionAnalysis.SkippedNonFinite"/>.
    /// </summary>
    /// <exception cref="InvalidSettingException">The interval level is not in (0, 1).</exception>
    public static SelectionAnalysis Analyze(
        IEnumerable<DatasetOutcome> datasets, IEnumerable<DatasetCandidate>? candidates = null, SelectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        options ??= SelectionOptions.Default;
        options.Validate();
        var all = datasets.ToArray();
        var fitted = all.Where(d => double.IsFinite(d.MinValidationLoss) && double.IsFinite(d.BestCeiling)).ToArray();
        var skipped = all.Where(d => !double.IsFinite(d.MinValidationLoss) || !double.IsFinite(d.BestCeiling)).Select(d => d.Name).ToArray();
        var warnings = new List<string>();
        if (skipped.Length > 0)
        {
            warnings.Add($"{skipped.Length} dataset(s) with a NaN or infinite loss or ceiling were left out: {string.Join(", ", skipped)}.");
        }

        var correlation = Correlate(fitted);
        var predictor = CeilingPredictor.Fit(fitted, options.Level);
        var fittedPredictions = fitted.Select(d => predictor.Predict(d.Name, d.MinValidationLoss, d.BestCeiling)).ToArray();
        var candidatePredictions = (candidates ?? []).Select(c => predictor.Predict(c.Name, c.MinValidationLoss)).ToArray();
        var ranking = predictor.IsDefined
            ? candidatePredictions.OrderByDescending(p => double.IsNaN(p.Predicted) ? double.NegativeInfinity : p.Predicted).ToArray()
            : candidatePredictions.OrderBy(p => double.IsNaN(p.MinValidationLoss) ? double.PositiveInfinity : p.MinValidationLoss).ToArray();

        AddWarnings(warnings, predictor, candidatePredictions);
        return new SelectionAnalysis(correlation, predictor, fittedPredictions, ranking, skipped, warnings);
    }

    private static LossCeilingCorrelation Correlate(DatasetOutcome[] datasets)
    {
        var n = datasets.Length;
        var x = datasets.Select(d => d.MinValidationLoss).ToArray();
        var y = datasets.Select(d => d.BestCeiling).ToArray();
        if (n < 2 || x.Distinct().Count() < 2 || y.Distinct().Count() < 2)
        {
            return new LossCeilingCorrelation(n, double.NaN, double.NaN, double.NaN);
        }

        var r = Correlation.Pearson(x, y);
        return new LossCeilingCorrelation(n, r, PearsonPValue(r, n), Correlation.Spearman(x, y));
    }

    /// <summary>Two-sided p-value of Pearson's r under no correlation: t = r √((n−2)/(1−r²)), Student t with n−2 degrees of freedom. NaN for n &lt; 3 or r NaN.</summary>
    public static double PearsonPValue(double r, int n)
    {
        if (n < 3 || double.IsNaN(r))
        {
            return double.NaN;
        }

        if (Math.Abs(r) >= 1)
        {
            return 0;
        }

        var t = Math.Abs(r) * Math.Sqrt((n - 2) / (1 - (r * r)));
        return 2 * (1 - StudentT.CDF(0, 1, n - 2, t));
    }

    private static void AddWarnings(List<string> warnings, CeilingPredictor predictor, CeilingPrediction[] candidates)
    {
        if (predictor.Count < 2)
        {
            warnings.Add($"Only {predictor.Count} dataset(s) with a known ceiling: no correlation and no predictor; candidates are ranked by loss alone, lowest first.");
        }
        else if (!predictor.IsDefined)
        {
            warnings.Add("Every dataset with a known ceiling has the same minimum loss: no correlation and no predictor; candidates are ranked by loss alone, lowest first.");
        }
        else if (predictor.Count < 3)
        {
            warnings.Add("Fewer than 3 datasets with a known ceiling: the line passes through both points, so there is no prediction interval and no p-value.");
        }

        if (predictor.IsDefined && predictor.Slope >= 0)
        {
            warnings.Add($"The slope is {Format(predictor.Slope)} (not negative): in these datasets a lower loss does not go with a higher ceiling, so the paper's finding does not hold here and the ranking is weakly supported.");
        }

        var outside = candidates.Where(c => c.Extrapolated).Select(c => $"{c.Name} ({Format(c.MinValidationLoss)})").ToArray();
        if (outside.Length > 0)
        {
            warnings.Add($"Extrapolation beyond the observed loss range [{Format(predictor.MinObservedLoss)}, {Format(predictor.MaxObservedLoss)}]: {string.Join(", ", outside)}; the line may not hold there.");
        }

        var nonFinite = candidates.Where(c => !double.IsFinite(c.MinValidationLoss)).Select(c => c.Name).ToArray();
        if (nonFinite.Length > 0)
        {
            warnings.Add($"Candidate(s) with a NaN or infinite loss cannot be predicted: {string.Join(", ", nonFinite)}.");
        }
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
