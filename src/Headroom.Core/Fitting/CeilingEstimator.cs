using System.Globalization;
using Headroom.Core.Fitting.Internal;

namespace Headroom.Core.Fitting;

/// <summary>
/// Estimates the ceiling of one branch (framework.md §1–3): fits the law to (0, 0) and
/// (x_rl, score - P_sft), reports A_post = P_sft + PL with bootstrap intervals and warnings, and falls back
/// to the peak observed score of the training window, flagged, for runs that defy a sigmoid (collapse inside the
/// training window, non-convergence, too few points). Explicit settings (<see cref="CeilingOptions.ExplicitSettings"/>)
/// keep the fitted law and turn a collapse into a warning.
/// </summary>
public sealed class CeilingEstimator
{
    private readonly RobustSigmoidFitter _fitter;

    /// <summary>Creates an estimator using <paramref name="fitter"/> (default: <see cref="RobustSigmoidFitter.Default"/>).</summary>
    public CeilingEstimator(RobustSigmoidFitter? fitter = null)
    {
        _fitter = fitter ?? RobustSigmoidFitter.Default;
    }

    /// <summary>
    /// Estimates the ceiling of <paramref name="curve"/> with <paramref name="settings"/>. Never throws for
    /// degenerate data: NaN values, constant scores or too few points give a flagged peak estimate (NaN when
    /// there is no score at all).
    /// </summary>
    public BranchCeiling Estimate(BranchCurve curve, FitSettings settings, CeilingOptions? options = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(settings);
        options ??= CeilingOptions.Default;
        var (x, y) = curve.ToGains();
        var warnings = new List<CeilingWarning>();
        if (!curve.IsSorted)
        {
            warnings.Add(new("unsorted_compute", "The evaluations were not in ascending compute; they were sorted before fitting."));
        }

        var evaluations = x.Length - 1;
        if (evaluations < options.FewPointsWarning)
        {
            warnings.Add(new("few_points", Invariant($"Only {evaluations} RL evaluations; the ceiling is poorly constrained (at least {options.FewPointsWarning} are advised).")));
        }

        if (options.Method == CeilingMethodChoice.Peak)
        {
            return Peak(curve, x, y, settings, null, options, warnings, "the peak method was requested");
        }

        var fit = _fitter.FitSorted(x, y, settings);
        var fallBack = options.Method == CeilingMethodChoice.Auto && !options.ExplicitSettings;
        switch (fit.Status)
        {
            case FitStatus.InvalidValues:
                return Peak(curve, x, y, settings, fit, options, warnings, "the data hold NaN, infinite or negative values");
            case FitStatus.NotIdentified:
                return Peak(curve, x, y, settings, fit, options, warnings, IsConstant(y, fit)
                    ? "the scores are constant, so no sigmoid can be fitted"
                    : Invariant($"the training range holds {fit.TrainEnd - fit.TrainStart} points, fewer than the {settings.ParameterCount + 1} a fit needs"));
            case FitStatus.MaxIterations when fallBack:
                return Peak(curve, x, y, settings, fit, options, warnings, "the sigmoid fit did not converge");
        }

        // Only the training window counts: points after it validate the fit, they do not decide the method.
        if (CollapseDetector.HasCollapsed(y.AsSpan(fit.TrainStart, fit.TrainEnd - fit.TrainStart), out var peakIndex))
        {
            var collapse = Invariant($"the score collapses after its peak at {x[fit.TrainStart + peakIndex]:G4} compute inside the training window, which a sigmoid cannot describe");
            if (fallBack)
            {
                return Peak(curve, x, y, settings, fit, options, warnings, collapse);
            }

            warnings.Add(new("collapse_detected", $"The law was fitted as the settings ask, but {collapse}; end the training window before the collapse, or use --method peak."));
        }

        var p = fit.Parameters;
        var intervals = options.Bootstrap is { Resamples: > 0 } bootstrap
            ? SigmoidBootstrap.Run(x, y, curve.PSft, fit, bootstrap, _fitter, progress)
            : BootstrapResult.None;
        AddFitWarnings(fit, intervals, curve.PSft, x[^1], options, warnings);
        return new BranchCeiling
        {
            Group = curve.Group,
            PSft = curve.PSft,
            APost = curve.PSft + p.PL,
            PLrl = p.PL,
            Eps = p.Eps,
            CMid = p.CMid,
            B = p.B,
            Method = CeilingMethod.Sigmoid,
            Fit = fit,
            Intervals = intervals,
            X = x,
            Y = y,
            Warnings = warnings,
        };
    }

    private static void AddFitWarnings(SigmoidFit fit, BootstrapResult intervals, double pSft, double maxCompute, CeilingOptions options, List<CeilingWarning> warnings)
    {
        var p = fit.Parameters;
        var plAtBound = fit.AtBound.Contains("PL");
        var aPost = pSft + p.PL;
        var aboveMaximum = aPost > options.ScoreMaximum && (!intervals.APost.IsKnown || intervals.APost.Low > options.ScoreMaximum);
        if (p.CMid > maxCompute || plAtBound || aboveMaximum)
        {
            var cause = plAtBound
                ? "PL hit the fit's upper bound (the largest gain plus half the gain range), so the curve is still rising and A_post is a lower bound"
                : p.CMid > maxCompute
                    ? Invariant($"half of the RL gain is reached only at C_mid = {p.CMid:G4}, beyond the largest compute observed ({maxCompute:G4}), so A_post is an extrapolation")
                    : Invariant($"A_post = {aPost:G4} lies above the highest score possible ({options.ScoreMaximum:G4}), so the curve has not bent within the measured compute and the data bound the ceiling only by that maximum");
            warnings.Add(new("ceiling_not_identified", $"Ceiling not identified: {cause}."));
        }
        else if (SigmoidLaw.ComputeForFraction(p, 0.9) > options.ExtrapolationFactor * maxCompute)
        {
            warnings.Add(new("extrapolated_ceiling", Invariant($"90% of the gain needs {SigmoidLaw.ComputeForFraction(p, 0.9):G4} compute, over {options.ExtrapolationFactor:G3}x the largest observed ({maxCompute:G4}); A_post extrapolates far.")));
        }

        if (p.B > options.SteepRise)
        {
            warnings.Add(new("steep_rise", Invariant($"The fitted rise is almost a step (B = {p.B:G3}): the evaluations do not resolve where the gain happens, so C_mid, B and the interval are unreliable.")));
        }

        var otherBounds = fit.AtBound.Where(name => name != "PL").ToList();
        if (otherBounds.Count > 0)
        {
            warnings.Add(new("at_bound", $"{string.Join(" and ", otherBounds)} sit(s) on the fit's bound: the data do not pin the curve's shape down."));
        }

        if (fit.Status == FitStatus.MaxIterations)
        {
            warnings.Add(new("not_converged", "The fit stopped at its iteration limit; the parameters are the best found."));
        }

        var trainCount = fit.TrainEnd - fit.TrainStart;
        var earlyQuarter = fit.TrainStart + Math.Max(2, trainCount / 4);
        if (!fit.Settings.FreeOffset && fit.Outliers.Count(i => i < earlyQuarter) >= 2)
        {
            warnings.Add(new("offset_suspected", "Several of the earliest evaluations were rejected as outliers: the measured P_sft may sit off the RL trend (a noisy branch score); try a free offset without the branch point (--free-offset --train-start 1) or --mode auto."));
        }

        if (fit.Outliers.Count > 0.25 * trainCount)
        {
            warnings.Add(new("many_outliers", Invariant($"{fit.Outliers.Count} of {trainCount} training points were rejected as outliers.")));
        }

        if (fit.R2Train < 0.5)
        {
            warnings.Add(new("poor_fit", Invariant($"The law explains little of the training data (R² = {fit.R2Train:F2}).")));
        }

        if (intervals.APostKind == IntervalKind.LowerBound)
        {
            warnings.Add(new("lower_bound_interval", Invariant($"The {intervals.Level * 100:G3}% interval of A_post is only a lower bound, A_post ≥ {intervals.APost.Low:F2}: {(fit.CeilingAtBound ? "the fit" : $"{intervals.AtBoundFraction:P0} of the resamples")} left the ceiling on the search box, and {intervals.BelowEstimateFraction:P0} of the replicates fall below the estimate.")));
        }
        else if (intervals.APost.IsKnown && intervals.APost.Width > Math.Max(p.PL, 1))
        {
            warnings.Add(new("wide_interval", Invariant($"The {intervals.Level * 100:G3}% interval of A_post, {intervals.APost}, is wider than the RL headroom itself.")));
        }

        if (intervals.Failed > 0.05 * (intervals.Resamples + intervals.Failed))
        {
            warnings.Add(new("bootstrap_failures", Invariant($"{intervals.Failed} bootstrap resamples could not be fitted; the intervals use the rest.")));
        }
    }

    /// <summary>
    /// The peak observed score of the training window (every evaluation when the window holds none), with a
    /// bootstrap interval (<see cref="PeakBootstrap"/>) when resamples are asked for.
    /// </summary>
    private static BranchCeiling Peak(BranchCurve curve, double[] x, double[] y, FitSettings settings, SigmoidFit? fit, CeilingOptions options, List<CeilingWarning> warnings, string reason)
    {
        var start = Math.Clamp(Math.Max(1, fit?.TrainStart ?? settings.TrainStart), 0, y.Length);
        var end = Math.Clamp(fit?.TrainEnd ?? settings.TrainEnd ?? y.Length, start, y.Length);
        var window = y[start..end].Where(double.IsFinite).ToArray();
        if (window.Length == 0)
        {
            window = y.Skip(1).Where(double.IsFinite).ToArray();
        }

        var scores = window.Select(v => curve.PSft + v).ToArray();
        var peak = scores.Length > 0 ? scores.Max() : double.NaN;
        warnings.Add(new("peak_fallback", $"Ceiling is the peak observed score, not a fitted asymptote: {reason}."));
        return new BranchCeiling
        {
            Group = curve.Group,
            PSft = curve.PSft,
            APost = peak,
            PLrl = peak - curve.PSft,
            Eps = double.NaN,
            CMid = double.NaN,
            B = double.NaN,
            Method = CeilingMethod.Peak,
            Fit = fit,
            Intervals = options.Bootstrap is { Resamples: > 0 } bootstrap ? PeakBootstrap.Run(scores, curve.PSft, bootstrap) : BootstrapResult.None,
            X = x,
            Y = y,
            Warnings = warnings,
        };
    }

    private static bool IsConstant(double[] y, SigmoidFit fit)
        => fit.TrainEnd - fit.TrainStart >= fit.Settings.ParameterCount + 1
            && y.AsSpan(fit.TrainStart, fit.TrainEnd - fit.TrainStart).IndexOfAnyExcept(y[fit.TrainStart]) < 0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
