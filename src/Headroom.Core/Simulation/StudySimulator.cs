using Headroom.Core.Fitting;
using Headroom.Core.Randomness;

namespace Headroom.Core.Simulation;

/// <summary>
/// Draws a <see cref="SimulatedStudy"/> from a <see cref="StudySpec"/>. With t = step / steps:
///
///     L(t)      = L_floor + (L_0 - L_floor) e^{-t/0.12} + κ max(0, t - t_o)²        (κ sets L(1) = r L_floor)
///     P_sft(t)  = P_0 + (P_max - P_0)(1 - e^{-t/0.15}) - 20 o(t)
///     A_post(t) = A_best - (A_best - A_pure) e^{-t/0.08} - π o(t)        (never below P_sft + 1)
///
/// with o(t) = κ max(0, t - t_o)² / L_floor the relative loss excess due to overfitting
///
/// so the ceiling rises while SFT is Adaptive, is highest around the Stable checkpoints and falls with
/// overfitting, as the paper found. Each branch's law has C_mid and B drawn around the typical values
/// (log-normal, sd 0.2), and is measured by <see cref="RlCurveSimulator"/> up to <see cref="StudySpec.RlSpan"/> C_mid.
/// </summary>
public static class StudySimulator
{
    /// <summary>Draws a study; the same spec and seed give the same study.</summary>
    public static SimulatedStudy Simulate(StudySpec spec, int seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.CheckpointInterval, 1);
        var random = SeedSequence.Create(seed, stream: 0x57D1);

        var trueLoss = Enumerable.Range(0, (spec.Steps / spec.CheckpointInterval) + 1)
            .Select(i => i * spec.CheckpointInterval)
            .ToDictionary(step => step, step => Loss(spec, step / (double)spec.Steps));

        var checkpoints = new List<SimulatedCheckpoint>();
        foreach (var (step, loss) in trueLoss)
        {
            var score = SftScore(spec, step / (double)spec.Steps);
            checkpoints.Add(new SimulatedCheckpoint(
                step,
                step * spec.SftComputePerStep,
                score + (spec.NoiseSd * random.NextGaussian()),
                loss * (1 + (spec.LossNoise * random.NextGaussian())),
                score,
                loss));
        }

        var branches = new List<SimulatedBranch>();
        for (var i = 0; i < checkpoints.Count; i += spec.BranchEvery)
        {
            var checkpoint = checkpoints[i];
            var t = checkpoint.Step / (double)spec.Steps;
            var ceiling = checkpoint.Step == 0 ? spec.PureRlCeiling : Ceiling(spec, t);
            var pSft = checkpoint.TrueScore;
            var cMid = spec.TypicalCMid * Math.Exp(0.2 * random.NextGaussian());
            var b = spec.TypicalB * Math.Exp(0.2 * random.NextGaussian());
            var curveSpec = new RlCurveSpec
            {
                PSft = pSft,
                Truth = new SigmoidParameters(b, cMid, Math.Max(ceiling, pSft + 1) - pSft),
                MaxCompute = spec.RlSpan * cMid,
                Points = spec.RlPoints,
                NoiseSd = spec.NoiseSd,
                OutlierRate = spec.OutlierRate,
            };
            var curve = RlCurveSimulator.Simulate(curveSpec, random);

            // The branch's P_sft is the checkpoint's own measurement, as in a real study.
            branches.Add(new SimulatedBranch(checkpoint.Step, curve with { MeasuredPSft = checkpoint.Score }));
        }

        return new SimulatedStudy(spec, checkpoints, branches);
    }

    private static double Loss(StudySpec spec, double t)
        => spec.LossFloor + ((spec.InitialLoss - spec.LossFloor) * Math.Exp(-t / 0.12)) + (spec.LossFloor * OverfitExcess(spec, t));

    /// <summary>o(t): the loss added by overfitting, relative to the floor; reaches FinalLossRatio - 1 at t = 1.</summary>
    private static double OverfitExcess(StudySpec spec, double t)
    {
        var span = 1 - spec.OverfitFrom;
        var overfit = Math.Max(0, t - spec.OverfitFrom);
        return span > 0 ? (spec.FinalLossRatio - 1) * overfit * overfit / (span * span) : 0;
    }

    private static double SftScore(StudySpec spec, double t)
        => spec.BaseScore + ((spec.SftScoreCeiling - spec.BaseScore) * (1 - Math.Exp(-t / 0.15))) - (20 * OverfitExcess(spec, t));

    private static double Ceiling(StudySpec spec, double t)
        => spec.BestCeiling - ((spec.BestCeiling - spec.PureRlCeiling) * Math.Exp(-t / 0.08)) - (spec.OverfitPenalty * OverfitExcess(spec, t));
}
