using System.Globalization;
using Headroom.Core;
using Headroom.Core.Decomposition;
using Headroom.Core.Fitting;
using Headroom.Core.Regimes;

namespace Headroom.Study;

/// <summary>
/// Fits a set of branches (`headroom fit`): chooses each branch's settings by mode, estimates its ceiling (bootstrap included),
/// labels the SFT checkpoints by regime when validation losses are known, and summarises the study.
/// </summary>
public static class FitPipeline
{
    /// <summary>The default mode's settings: every point trains, tau 3, plain least squares, eps fixed.</summary>
    public static FitSettings DefaultSettings => FitSettings.DefaultMode;

    /// <summary>
    /// Fits every branch of <paramref name="request"/>, writing one progress line per branch to
    /// <paramref name="progress"/>. Throws <see cref="HeadroomException"/> when paper mode has no settings for a branch.
    /// </summary>
    public static FitOutcome Run(FitRequest request, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        if (request.Mode == FitMode.Paper && request.PerBranch is null && request.ForAll is null)
        {
            throw InputException.PaperModeNeedsSettings();
        }

        var estimator = new CeilingEstimator();
        var regimes = LabelCheckpoints(request.PSft);
        var branches = new List<FittedBranch>();
        var index = 0;
        foreach (var curve in request.Branches)
        {
            index++;
            progress.WriteLine($"fit: [{index}/{request.Branches.Count}] branch {curve.Group} ({curve.Compute.Count} evaluations)");
            var (settings, source) = SettingsChoice.Choose(request.Mode, curve, [curve.Group], request.Mode == FitMode.Paper ? request.PerBranch : null, request.ForAll, request.Threads)
                ?? throw InputException.NoSettingsFor(request.Path, [curve.Group]);
            var explicitSettings = request.Mode == FitMode.Paper || (request.Mode == FitMode.Default && request.ForAll is not null);
            var ceiling = estimator.Estimate(curve, settings, request.Ceiling with { ExplicitSettings = explicitSettings });
            var loss = request.PSft.LossOf(curve.Group);
            branches.Add(new FittedBranch(ceiling, settings, source, RoleOf(request, curve.Group, regimes), loss));
        }

        var summary = branches.Count > 1
            ? PlasticityDecomposition.Summarize(branches.Select(b => b.Ceiling).ToList(), group => branches.First(b => b.Ceiling.Group == group).Role)
            : null;
        return new FitOutcome(branches, summary, regimes);
    }

    private static RegimeAnalysis? LabelCheckpoints(PSftSource source)
    {
        if (source.ValidationLoss is not { Count: > 0 } losses)
        {
            return null;
        }

        var checkpoints = losses
            .Select(kv => (Step: double.TryParse(kv.Key, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : double.NaN, Loss: kv.Value))
            .Where(c => double.IsFinite(c.Step) && c.Step > 0)
            .OrderBy(c => c.Step)
            .ToList();
        if (checkpoints.Count == 0)
        {
            return null;
        }

        return SftRegimes.Classify(checkpoints.Select(c => c.Step).ToList(), checkpoints.Select(c => c.Loss).ToList());
    }

    private static BranchRole RoleOf(FitRequest request, string group, RegimeAnalysis? regimes)
    {
        var isPureRl = request.PureRlGroup is { } pure ? group == pure : GroupLabels.IsZero(group);
        SftRegime? regime = null;
        if (!isPureRl && regimes is not null && double.TryParse(group, NumberStyles.Float, CultureInfo.InvariantCulture, out var step))
        {
            regime = regimes.Checkpoints.FirstOrDefault(c => c.Step == step)?.Regime;
        }

        return new BranchRole(group, isPureRl, regime);
    }
}
