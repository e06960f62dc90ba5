namespace Headroom.Core.Simulation;

/// <summary>One simulated RL branch: what a team would measure, and the truth behind it.</summary>
/// <param name="Spec">The truth and measurement model.</param>
/// <param name="MeasuredPSft">The measured (noisy) score of the SFT checkpoint.</param>
/// <param name="Compute">RL compute since the branch point of each evaluation, ascending.</param>
/// <param name="Scores">The measured score at each evaluation.</param>
/// <param name="Outliers">Indices of the evaluations that were made outliers.</param>
public sealed record SimulatedCurve(
    RlCurveSpec Spec,
    double MeasuredPSft,
    IReadOnlyList<double> Compute,
    IReadOnlyList<double> Scores,
    IReadOnlyList<int> Outliers);
