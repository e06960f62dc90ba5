namespace Headroom.Core.Fitting;

/// <summary>
/// Chooses per-branch fit settings as the paper's release did: among the candidates of a
/// <see cref="SettingsSearchSpace"/>, the fit maximising R²_val - 0.2 max(0, R²_train - R²_val), an
/// extrapolation score that rewards predicting the later, held-out points and penalises over-fitting
/// the earlier ones. Ties go to the earlier candidate (fewer training points, fixed offset, no LTS).
/// </summary>
public static class SettingsSearch
{
    /// <summary>The best settings and their fit, and how many candidates were scored; null when the curve is too short to hold out a validation split.</summary>
    public static (FitSettings Settings, SigmoidFit Fit, int Candidates)? Best(
        ReadOnlySpan<double> xSorted,
        ReadOnlySpan<double> y,
        SettingsSearchSpace? space = null,
        RobustSigmoidFitter? fitter = null,
        int threads = 0)
    {
        space ??= SettingsSearchSpace.Default;
        fitter ??= RobustSigmoidFitter.Default;
        var candidates = space.Candidates(xSorted.Length).ToArray();
        if (candidates.Length == 0)
        {
            return null;
        }

        var x = xSorted.ToArray();
        var ys = y.ToArray();
        var fits = new SigmoidFit[candidates.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, candidates.Length, parallel, i => fits[i] = fitter.FitSorted(x, ys, candidates[i]));

        var best = -1;
        for (var i = 0; i < fits.Length; i++)
        {
            var score = fits[i].SelectionScore;
            if (fits[i].Parameters.IsValid && double.IsFinite(score) && (best < 0 || score > fits[best].SelectionScore))
            {
                best = i;
            }
        }

        return best < 0 ? null : (candidates[best], fits[best], candidates.Length);
    }
}
