using Headroom.Core.Fitting;
using Headroom.Core.Randomness;
using Headroom.Core.Regimes;
using Headroom.Core.Simulation;

namespace Headroom.Core.Tests.Simulation;

public sealed class SimulatorTests
{
    [Fact]
    public void Rl_curves_carry_the_requested_noise_around_the_true_law()
    {
        // Given a long curve with noise sd 0.8 and no outliers
        var spec = new RlCurveSpec { PSft = 70, Truth = new SigmoidParameters(1.5, 10, 8), MaxCompute = 50, Points = 4000, NoiseSd = 0.8 };

        // When
        var curve = RlCurveSimulator.Simulate(spec, SeedSequence.Create(1, 1));

        // Then the residuals around P_sft + gain have sd 0.8 (within 5%) and mean 0
        var residuals = curve.Compute.Select((x, i) => curve.Scores[i] - 70 - SigmoidLaw.Gain(x, spec.Truth)).ToArray();
        var mean = residuals.Average();
        var sd = Math.Sqrt(residuals.Sum(r => (r - mean) * (r - mean)) / (residuals.Length - 1));
        Precision.AssertWithin(0.8, sd, 0.04, "noise sd");
        Precision.AssertWithin(0, mean, 0.05, "noise mean");
        Assert.Equal(50, curve.Compute[^1]);
        Assert.Empty(curve.Outliers);
    }

    [Fact]
    public void Outliers_are_as_frequent_and_as_large_as_requested()
    {
        var spec = new RlCurveSpec { PSft = 70, Truth = new SigmoidParameters(1.5, 10, 8), MaxCompute = 50, Points = 5000, NoiseSd = 1, OutlierRate = 0.1 };

        var curve = RlCurveSimulator.Simulate(spec, SeedSequence.Create(2, 1));

        Precision.AssertWithin(500, curve.Outliers.Count, 65, "outlier count");
        var shifts = curve.Outliers.Select(i => Math.Abs(curve.Scores[i] - 70 - SigmoidLaw.Gain(curve.Compute[i], spec.Truth))).ToArray();
        Assert.True(shifts.Average() is > 3.5 and < 5.5, $"mean outlier shift {shifts.Average()}");
    }

    [Fact]
    public void A_simulated_study_overfits_into_severe_and_peaks_its_ceiling_near_the_saturated_loss()
    {
        // Given the default study (ends at 1.15 L_floor)
        var study = StudySimulator.Simulate(StudySpec.Default, seed: 3);

        // When its measured losses are labelled
        var sft = study.Checkpoints.Where(c => c.Step > 0).ToList();
        var regimes = SftRegimes.Classify(sft.Select(c => (double)c.Step).ToList(), sft.Select(c => c.ValidationLoss).ToList());

        // Then it starts Adaptive, ends Severe, its minimum is near the floor, and the best true ceiling is the spec's
        Assert.Equal(SftRegime.Adaptive, regimes.Checkpoints[0].Regime);
        Assert.Equal(SftRegime.SevereOverfitting, regimes.Checkpoints[^1].Regime);
        Precision.AssertWithin(StudySpec.Default.LossFloor, study.MinimumValidationLoss, 0.01, "minimum loss");
        Assert.True(study.BestTrueAPost <= StudySpec.Default.BestCeiling && study.BestTrueAPost > StudySpec.Default.BestCeiling - 1);
        Assert.Equal(StudySpec.Default.PureRlCeiling, study.Branches[0].TrueAPost, 10);
        Assert.True(study.Branches[^1].TrueAPost < study.BestTrueAPost - 2, "severe overfitting should cost ceiling");
    }

    [Fact]
    public void The_same_seed_gives_the_same_study()
    {
        var a = StudySimulator.Simulate(StudySpec.Default, 9);
        var b = StudySimulator.Simulate(StudySpec.Default, 9);

        Assert.Equal(a.Checkpoints, b.Checkpoints);
        Assert.Equal(a.Branches.SelectMany(x => x.Curve.Scores), b.Branches.SelectMany(x => x.Curve.Scores));
    }

    [Fact]
    public void Derived_seeds_are_reproducible_and_distinct()
    {
        Assert.Equal(SeedSequence.Derive(5, 1, 2), SeedSequence.Derive(5, 1, 2));
        var seeds = Enumerable.Range(0, 1000).Select(i => SeedSequence.Derive(5, 1, i)).ToHashSet();
        Assert.Equal(1000, seeds.Count);
        Assert.NotEqual(SeedSequence.Derive(5, 1, 0), SeedSequence.Derive(5, 2, 0));
    }
}
