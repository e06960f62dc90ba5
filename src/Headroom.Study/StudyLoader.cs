using Headroom.Core.Decomposition;
using Headroom.Core.Fitting;
using Headroom.Core.Selection;

namespace Headroom.Study;

/// <summary>
/// Loads a study: reads every run the manifest names through the log readers, joins each series with compute,
/// fits every branch (bootstrap included), labels the SFT checkpoints, and derives the decomposition, the data
/// selection, the paradigm comparison, the compute still needed and the recommendation, as one
/// <see cref="StudyResult"/>.
/// </summary>
public static class StudyLoader
{
    /// <summary>Loads the manifest at <paramref name="path"/>; progress lines go to <paramref name="progress"/>.</summary>
    public static StudyResult Load(string path, StudyOptions? options = null, TextWriter? progress = null)
        => Load(StudyManifest.Load(path), options, progress);

    /// <summary>Loads <paramref name="manifest"/>; progress lines go to <paramref name="progress"/>.</summary>
    public static StudyResult Load(StudyManifest manifest, StudyOptions? options = null, TextWriter? progress = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= StudyOptions.Default;
        progress ??= TextWriter.Null;
        var context = StudyContext.Of(manifest);
        var sftRuns = new List<SftRunResult>();
        foreach (var spec in manifest.SftRuns)
        {
            progress.WriteLine($"study: reading SFT run {spec.Name}");
            sftRuns.Add(SftRunReader.Read(context, spec));
        }

        var byName = sftRuns.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var measured = new List<MeasuredBranch>();
        foreach (var spec in manifest.Branches)
        {
            progress.WriteLine($"study: reading RL run {spec.Name}");
            measured.AddRange(BranchReader.Read(context, spec, byName));
        }

        sftRuns = [.. sftRuns.Select(run => WithBranchScores(run, measured))];
        byName = sftRuns.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var branches = Fit(manifest, options, measured, byName, progress);
        var decomposition = Decompose(sftRuns, branches);
        var datasets = Datasets(sftRuns, branches);
        var notes = sftRuns.SelectMany(r => r.Notes).Concat(branches.SelectMany(b => b.Notes)).ToList();
        var selection = Select(datasets, notes);
        var paradigms = ParadigmComparison.Of(sftRuns, branches);
        var result = new StudyResult
        {
            Name = manifest.Name,
            Manifest = manifest,
            Model = context.Model,
            SftRuns = sftRuns,
            Branches = branches,
            Decomposition = decomposition,
            Datasets = datasets,
            Selection = selection,
            Paradigms = paradigms,
            Recommendation = string.Empty,
            Notes = notes,
        };
        return result with { Recommendation = RecommendationText.Of(result) };
    }

    /// <summary>
    /// Scores are in points (fractions are scaled by 100), so an accuracy cannot pass 100 and a ceiling above it
    /// is not identified; a score logged above 100 (a reward, say) has no known maximum.
    /// </summary>
    private static double ScoreMaximum(List<MeasuredBranch> measured)
        => measured.SelectMany(m => m.Curve.Scores.Append(m.Curve.PSft)).Where(double.IsFinite).DefaultIfEmpty(0).Max() <= 100
            ? 100
            : double.PositiveInfinity;

    private static List<BranchResult> Fit(StudyManifest manifest, StudyOptions options, List<MeasuredBranch> measured, Dictionary<string, SftRunResult> sftRuns, TextWriter progress)
    {
        var fit = manifest.Fit;
        var ceilingOptions = new CeilingOptions
        {
            Method = fit.Method,
            Bootstrap = fit.Bootstrap with
            {
                Resamples = options.Resamples ?? fit.Bootstrap.Resamples,
                Seed = options.Seed ?? fit.Bootstrap.Seed,
                Threads = options.Threads,
            },
            ScoreMaximum = ScoreMaximum(measured),
        };
        var estimator = new CeilingEstimator();
        var results = new List<BranchResult>();
        for (var i = 0; i < measured.Count; i++)
        {
            var m = measured[i];
            progress.WriteLine($"study: [{i + 1}/{measured.Count}] fitting {m.Name} ({m.Curve.Compute.Count} evaluations)");
            var (settings, source) = SettingsChoice.Choose(fit.Mode, m.Curve, [m.Name, m.Group], fit.PerBranch, null, options.Threads)
                ?? throw StudyException.Field(manifest.Path, m.Spec.Line, "fit.branches", $"paper mode has no settings for branch '{m.Name}'; add it to fit.branches or the settings file");
            // Explicit per-branch settings (paper mode) always keep the fitted law; a collapse is only a warning.
            var ceiling = estimator.Estimate(m.Curve, settings, ceilingOptions with { ExplicitSettings = fit.Mode == FitMode.Paper });
            var checkpoint = m.SftStep is { } step && m.Spec.From is { } from ? sftRuns[from].Regimes?.Checkpoints.FirstOrDefault(c => c.Step == step) : null;
            results.Add(new BranchResult
            {
                Name = m.Name,
                Paradigm = m.Paradigm,
                Algorithm = m.Spec.Algorithm,
                From = m.Paradigm == Paradigm.SftThenRl ? m.Spec.From : null,
                SftStep = m.SftStep,
                SftExaFlops = m.SftExaFlops,
                Curve = m.Curve,
                Steps = m.Steps,
                Ceiling = ceiling,
                Settings = settings,
                SettingsSource = source,
                Regime = checkpoint?.Regime,
                ValidationLoss = checkpoint?.Loss,
                Reach = Reach.Of(ceiling),
                Stability = Stability.Of(ceiling),
                ComputeBasis = m.ComputeBasis,
                Source = m.Source,
                Notes = m.Notes,
            });
        }

        return results;
    }

    /// <summary>
    /// A branch's P_sft is its SFT checkpoint's score (measured by the RL run before training, or given): checkpoints
    /// without a score of their own take it, so the SFT curve and Pure-SFT have the scores the study measured.
    /// </summary>
    private static SftRunResult WithBranchScores(SftRunResult run, List<MeasuredBranch> measured)
    {
        var scores = measured.Where(m => m.Spec.From == run.Name && m.SftStep is > 0)
            .GroupBy(m => m.SftStep!.Value).ToDictionary(g => g.Key, g => g.First().Curve.PSft);
        if (scores.Count == 0 || run.Checkpoints.Count == 0)
        {
            return run;
        }

        var checkpoints = run.Checkpoints.Select(c => !double.IsFinite(c.Score) && scores.TryGetValue(c.Step, out var s) ? c with { Score = s } : c)
            .Concat(scores.Where(s => run.At(s.Key) is null).Select(s => new SftCheckpoint(s.Key, run.ExaFlopsAt(s.Key), double.NaN, s.Value)))
            .OrderBy(c => c.Step)
            .ToList();
        return run with { Checkpoints = checkpoints };
    }

    private static Dictionary<string, DecompositionSummary> Decompose(List<SftRunResult> sftRuns, List<BranchResult> branches)
    {
        var pureRl = branches.Where(b => b.Paradigm == Paradigm.PureRl && (b.From is null)).ToList();
        var result = new Dictionary<string, DecompositionSummary>(StringComparer.Ordinal);
        foreach (var run in sftRuns)
        {
            var own = branches.Where(b => b.Paradigm == Paradigm.SftThenRl && b.From == run.Name).ToList();
            if (own.Count == 0)
            {
                continue;
            }

            var all = own.Concat(pureRl).ToList();
            result[run.Name] = PlasticityDecomposition.Summarize(
                [.. all.Select(b => b.Ceiling)],
                group => all.First(b => b.Name == group) is var b ? new BranchRole(group, b.Paradigm == Paradigm.PureRl, b.Regime) : null!);
        }

        return result;
    }

    private static List<DatasetResult> Datasets(List<SftRunResult> sftRuns, List<BranchResult> branches)
        => sftRuns.Select(run =>
        {
            var best = StudyResult.Best(branches.Where(b => b.Paradigm == Paradigm.SftThenRl && b.From == run.Name));
            return new DatasetResult(run.Spec.Dataset, run.Name, run.MinValidationLoss, best?.Ceiling.APost ?? run.Spec.BestAPost ?? double.NaN, best?.Name, run.Spec.Size, run.Spec.Difficulty);
        }).ToList();

    private static SelectionAnalysis? Select(List<DatasetResult> datasets, List<string> notes)
    {
        var fitted = datasets.Where(d => double.IsFinite(d.MinValidationLoss) && double.IsFinite(d.BestAPost)).ToList();
        if (fitted.Count < 3)
        {
            notes.Add($"Which data: {fitted.Count} dataset(s) have both a minimum validation loss and a ceiling; the loss-ceiling correlation needs at least 3.");
            return null;
        }

        var candidates = datasets.Where(d => double.IsFinite(d.MinValidationLoss) && !double.IsFinite(d.BestAPost)).Select(d => new DatasetCandidate(d.Name, d.MinValidationLoss));
        return DatasetSelection.Analyze(fitted.Select(d => new DatasetOutcome(d.Name, d.MinValidationLoss, d.BestAPost)), candidates);
    }
}
