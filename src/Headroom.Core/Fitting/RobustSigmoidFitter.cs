using Headroom.Core.Fitting.Internal;

namespace Headroom.Core.Fitting;

/// <summary>
/// The robust fitting pipeline of framework.md §3 for one curve of (compute, gain) points sorted by compute.
///
/// Points are split by index: train = [start, end), validation = the later points (never filtered).
/// Stage 1 (at most <see cref="FitSettings.MaxRejectionRounds"/> rounds, stopping when the mask is stable):
/// fit on the current clean train points (Stage 2 when LTS is on, else bounded least squares), compute the
/// residuals of all train points, mark |M_i| &gt; tau as outliers (modified Z-score). The final parameters
/// are a refit on the non-outliers. Stage 2 is Least Trimmed Squares with concentration steps from several
/// deterministic starts. Least squares is bounded (B ∈ [0.01, 100], C_mid ∈ (0, 2 max x], PL and eps within
/// half the data range of max y and min y) and solved by variable projection: a grid search over
/// (B, ln C_mid) with (eps, PL) in closed form, then Levenberg–Marquardt.
/// </summary>
public sealed class RobustSigmoidFitter
{
    // Residuals below a millionth of the data scale are the optimiser's rounding, not noise (see ModifiedZScore).
    private const double RoundingScale = 1e-6;

    /// <summary>Creates a fitter.</summary>
    /// <param name="gridStarts">How many of the best grid cells start a local search (default 3).</param>
    /// <param name="maxConcentrationSteps">C-step limit per LTS start (default 50, as the kit).</param>
    public RobustSigmoidFitter(int gridStarts = 3, int maxConcentrationSteps = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridStarts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcentrationSteps, 1);
        GridStarts = gridStarts;
        MaxConcentrationSteps = maxConcentrationSteps;
    }

    /// <summary>The fitter with default tolerances.</summary>
    public static RobustSigmoidFitter Default { get; } = new();

    /// <summary>How many of the best grid cells start a local search.</summary>
    public int GridStarts { get; }

    /// <summary>C-step limit per LTS start.</summary>
    public int MaxConcentrationSteps { get; }

    /// <summary>
    /// Fits the law to points sorted by compute. Returns a fit with status <see cref="FitStatus.InvalidValues"/>
    /// when a value is NaN or infinite, and <see cref="FitStatus.NotIdentified"/> (NaN parameters) when the
    /// training range holds fewer than k + 1 points (k = 3, or 4 with a free offset) or constant gains.
    /// </summary>
    /// <param name="xSorted">Compute since the branch point, ascending, non-negative (the branch point x = 0 first).</param>
    /// <param name="y">Gain over P_sft at each point.</param>
    /// <param name="settings">The per-curve settings.</param>
    /// <param name="start">Optional starting parameters: when given, the global search is skipped (used by the bootstrap).</param>
    public SigmoidFit FitSorted(ReadOnlySpan<double> xSorted, ReadOnlySpan<double> y, FitSettings settings, SigmoidParameters? start = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (xSorted.Length != y.Length)
        {
            throw new ArgumentException("x and y must have the same length.", nameof(y));
        }

        for (var i = 1; i < xSorted.Length; i++)
        {
            if (xSorted[i] < xSorted[i - 1])
            {
                throw new ArgumentException($"x must be sorted ascending; x[{i}] = {xSorted[i]} < x[{i - 1}] = {xSorted[i - 1]}.", nameof(xSorted));
            }
        }

        var n = xSorted.Length;
        var k = settings.ParameterCount;
        var trainStart = Math.Clamp(settings.TrainStart, 0, n);
        var trainEnd = Math.Clamp(settings.TrainEnd ?? n, trainStart, n);
        var trainX = xSorted[trainStart..trainEnd];
        var trainY = y[trainStart..trainEnd];

        if (!AllFinite(xSorted) || !AllFinite(y) || (n > 0 && xSorted[0] < 0))
        {
            return Failed(FitStatus.InvalidValues, settings, trainStart, trainEnd, n);
        }

        if (trainX.Length < k + 1 || IsConstant(trainY))
        {
            return Failed(FitStatus.NotIdentified, settings, trainStart, trainEnd, n);
        }

        return FitWindow(new FitPoints(trainX), xSorted, y, settings, trainStart, trainEnd, start);
    }

    /// <summary>
    /// The fit on the training window [<paramref name="trainStart"/>, <paramref name="trainEnd"/>) of finite, sorted
    /// points, whose compute <paramref name="window"/> already holds (the bootstrap builds it once per branch).
    /// </summary>
    internal SigmoidFit FitWindow(FitPoints window, ReadOnlySpan<double> xSorted, ReadOnlySpan<double> y, FitSettings settings, int trainStart, int trainEnd, SigmoidParameters? start)
    {
        var trainY = y[trainStart..trainEnd];
        var inlier = new bool[window.Count];
        Array.Fill(inlier, true);
        var (fit, trimmed) = FitKept(window, trainY, inlier, settings, start);
        if (settings.OutlierThreshold is { } tau)
        {
            var stable = false;
            var candidate = new bool[window.Count];
            var residuals = new double[window.Count];
            var madFloor = RoundingScale * Math.Max(1, MaxAbs(trainY));
            for (var round = 0; round < settings.MaxRejectionRounds; round++)
            {
                Residuals(window.X, trainY, fit.Parameters, residuals);
                ModifiedZScore.Classify(residuals, tau, candidate, madFloor);
                if (candidate.AsSpan().SequenceEqual(inlier))
                {
                    stable = true;
                    break;
                }

                if (candidate.Count(c => c) < settings.ParameterCount + 1)
                {
                    // Rejecting this many would leave the fit undetermined: keep the previous mask.
                    stable = true;
                    break;
                }

                candidate.CopyTo(inlier, 0);
                if (round < settings.MaxRejectionRounds - 1)
                {
                    (fit, trimmed) = FitKept(window, trainY, inlier, settings, start);
                }
            }

            if (!stable)
            {
                (fit, trimmed) = FitKept(window, trainY, inlier, settings, start);
            }
        }

        return Describe(xSorted, y, settings, trainStart, trainEnd, inlier, fit, trimmed);
    }

    private (LocalFit Fit, double TrimmedLoss) FitKept(FitPoints window, ReadOnlySpan<double> y, bool[] inlier, FitSettings settings, SigmoidParameters? start)
    {
        var rows = new int[inlier.Count(v => v)];
        var keptY = new double[rows.Length];
        for (int i = 0, j = 0; i < inlier.Length; i++)
        {
            if (inlier[i])
            {
                rows[j] = i;
                keptY[j++] = y[i];
            }
        }

        if (settings.LtsAlpha is { } alpha)
        {
            var lts = LeastTrimmedSquares.Fit(window, rows, keptY, settings.FreeOffset, alpha, settings.LtsSearch, GridStarts, MaxConcentrationSteps, start);
            return (lts.Fit, lts.TrimmedLoss);
        }

        var problem = new SigmoidProblem(window, rows, keptY, settings.FreeOffset, SigmoidBounds.ForData(window, rows, keptY));
        if (start is { } warm)
        {
            var fromWarm = SigmoidLeastSquares.Local(problem, warm);
            var fromKit = SigmoidLeastSquares.Local(problem, new SigmoidParameters(1.0, Math.Exp(SigmoidLeastSquares.KitStartU(problem)), 0));
            return (fromKit.Rss < fromWarm.Rss ? fromKit : fromWarm, double.NaN);
        }

        return (SigmoidLeastSquares.Global(problem, GridStarts), double.NaN);
    }

    private static SigmoidFit Describe(
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> y,
        FitSettings settings,
        int trainStart,
        int trainEnd,
        bool[] inlier,
        LocalFit fit,
        double trimmedLoss)
    {
        var p = fit.Parameters;
        var k = settings.ParameterCount;
        var inX = new List<double>();
        var inY = new List<double>();
        var outliers = new List<int>();
        for (var i = 0; i < inlier.Length; i++)
        {
            if (inlier[i])
            {
                inX.Add(x[trainStart + i]);
                inY.Add(y[trainStart + i]);
            }
            else
            {
                outliers.Add(trainStart + i);
            }
        }

        var inPredicted = inX.Select(v => SigmoidLaw.Gain(v, p)).ToArray();
        var valY = y[trainEnd..].ToArray();
        var valPredicted = x[trainEnd..].ToArray().Select(v => SigmoidLaw.Gain(v, p)).ToArray();
        var rss = 0.0;
        for (var i = 0; i < inPredicted.Length; i++)
        {
            rss += (inY[i] - inPredicted[i]) * (inY[i] - inPredicted[i]);
        }

        // The box the final fit was searched in: the kit's LTS search leaves PL and eps free.
        var keptBounds = SigmoidBounds.ForData(inX.ToArray(), inY.ToArray());
        keptBounds = settings.LtsAlpha is not null && settings.LtsSearch == LtsSearch.Kit ? keptBounds.WithFreeLinearParameters() : keptBounds;
        return new SigmoidFit
        {
            Parameters = p,
            Status = !p.IsValid ? FitStatus.InvalidValues : fit.Converged ? FitStatus.Converged : FitStatus.MaxIterations,
            Settings = settings,
            TrainStart = trainStart,
            TrainEnd = trainEnd,
            Outliers = outliers,
            R2Train = FitQuality.RSquared(inY.ToArray(), inPredicted),
            RmseTrain = FitQuality.Rmse(inY.ToArray(), inPredicted),
            R2Validation = FitQuality.RSquared(valY, valPredicted),
            RmseValidation = FitQuality.Rmse(valY, valPredicted),
            Aic = FitQuality.Aic(inX.Count, rss, k),
            Bic = FitQuality.Bic(inX.Count, rss, k),
            TrimmedLoss = trimmedLoss,
            AtBound = keptBounds.BoundParameters(p),
            CeilingAtBound = keptBounds.CeilingAtBound(p),
            ValidationCount = valY.Length,
        };
    }

    private static SigmoidFit Failed(FitStatus status, FitSettings settings, int trainStart, int trainEnd, int n) => new()
    {
        Parameters = new SigmoidParameters(double.NaN, double.NaN, double.NaN, double.NaN),
        Status = status,
        Settings = settings,
        TrainStart = trainStart,
        TrainEnd = trainEnd,
        Outliers = [],
        R2Train = double.NaN,
        RmseTrain = double.NaN,
        R2Validation = double.NaN,
        RmseValidation = double.NaN,
        Aic = double.NaN,
        Bic = double.NaN,
        TrimmedLoss = double.NaN,
        AtBound = [],
        ValidationCount = n - trainEnd,
    };

    private static void Residuals(ReadOnlySpan<double> x, ReadOnlySpan<double> y, SigmoidParameters p, Span<double> residuals)
    {
        for (var i = 0; i < x.Length; i++)
        {
            residuals[i] = y[i] - SigmoidLaw.Gain(x[i], p);
        }
    }

    private static double MaxAbs(ReadOnlySpan<double> values)
    {
        var max = 0.0;
        foreach (var v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsConstant(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (v != values[0])
            {
                return false;
            }
        }

        return true;
    }
}
