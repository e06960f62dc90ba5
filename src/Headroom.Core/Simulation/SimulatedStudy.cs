using Headroom.Core.Fitting;

namespace Headroom.Core.Simulation;

/// <summary>One SFT checkpoint of a simulated study, as measured.</summary>
/// <param name="Step">SFT step.</param>
/// <param name="Compute">Cumulative SFT compute, EF.</param>
/// <param name="Score">Measured headline score.</param>
/// <param name="ValidationLoss">Measured validation loss.</param>
/// <param name="TrueScore">The noiseless score.</param>
/// <param name="TrueLoss">The noiseless validation loss.</param>
public sealed record SimulatedCheckpoint(int Step, double Compute, double Score, double ValidationLoss, double TrueScore, double TrueLoss);

/// <summary>One RL branch of a simulated study: its truth and its measurements.</summary>
/// <param name="Step">The SFT step it branched from (0 = Pure-RL).</param>
/// <param name="Curve">The simulated RL evaluations.</param>
public sealed record SimulatedBranch(int Step, SimulatedCurve Curve)
{
    /// <summary>The true ceiling.</summary>
    public double TrueAPost => Curve.Spec.APost;

    /// <summary>The true law of the branch.</summary>
    public SigmoidParameters Truth => Curve.Spec.Truth;
}

/// <summary>A simulated SFT-then-RL study with known ground truth.</summary>
/// <param name="Spec">The truth it was drawn from.</param>
/// <param name="Checkpoints">The SFT checkpoints, step 0 first.</param>
/// <param name="Branches">The RL branches, Pure-RL first.</param>
public sealed record SimulatedStudy(StudySpec Spec, IReadOnlyList<SimulatedCheckpoint> Checkpoints, IReadOnlyList<SimulatedBranch> Branches)
{
    /// <summary>The minimum measured validation loss.</summary>
    public double MinimumValidationLoss => Checkpoints.Where(c => c.Step > 0).Min(c => c.ValidationLoss);

    /// <summary>The true best ceiling over the SFT branches.</summary>
    public double BestTrueAPost => Branches.Where(b => b.Step > 0).Max(b => b.TrueAPost);
}
