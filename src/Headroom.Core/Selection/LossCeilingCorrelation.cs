namespace Headroom.Core.Selection;

/// <summary>
/// How strongly the minimum validation loss goes with the best ceiling across datasets (the paper reports
/// Pearson r = −0.92 over five datasets on Qwen2.5-7B).
/// </summary>
/// <param name="Count">Datasets used.</param>
/// <param name="Pearson">Pearson's r (NaN with fewer than 2 datasets or a constant loss or ceiling).</param>
/// <param name="PearsonPValue">Two-sided p-value of r under no correlation, t = r √((n−2)/(1−r²)) with n−2 degrees of freedom (NaN with fewer than 3 datasets).</param>
/// <param name="Spearman">Spearman's ρ on average ranks (NaN with fewer than 2 datasets or all-tied ranks).</param>
public sealed record LossCeilingCorrelation(int Count, double Pearson, double PearsonPValue, double Spearman);
