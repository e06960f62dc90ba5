using Headroom.Core.Fitting;
using Headroom.Core.Regimes;
using Headroom.Study;

namespace Headroom.Report;

/// <summary>
/// `results.json`: the machine-readable form of everything on the report page (snake_case on the wire,
/// NaN as null, intervals as [low, high] or null).
/// </summary>
internal sealed record ResultsDocument(
    string Study,
    string Manifest,
    ResultsDocument.ModelInfo? Model,
    string Recommendation,
    IReadOnlyList<ResultsDocument.BranchRow> Branches,
    IReadOnlyList<ResultsDocument.RegimeRun> Regimes,
    IReadOnlyList<ResultsDocument.DecompositionRow> Decomposition,
    ResultsDocument.SelectionInfo? Selection,
    IReadOnlyList<ResultsDocument.Dataset> Datasets,
    IReadOnlyList<ResultsDocument.ParadigmRow> Paradigms,
    ResultsDocument.BootstrapInfo Bootstrap,
    IReadOnlyList<string> Notes)
{
    public static ResultsDocument From(StudyResult study)
    {
        var bootstrap = study.Manifest.Fit.Bootstrap;
        return new ResultsDocument(
            study.Name,
            study.Manifest.Path,
            study.Model is { } m ? new ModelInfo(m.Name, study.Manifest.Model.Convention.ToString().ToLowerInvariant()) : null,
            study.Recommendation,
            [.. study.Branches.Select(BranchRow.Of)],
            [.. study.SftRuns.Where(r => r.Checkpoints.Count > 0).Select(RegimeRun.Of)],
            [.. study.Decomposition.Select(d => DecompositionRow.Of(d.Key, d.Value))],
            study.Selection is { } s ? SelectionInfo.Of(s) : null,
            [.. study.Datasets.Select(d => new Dataset(d.Name, d.Run, d.MinValidationLoss, d.BestAPost, d.BestBranch, d.Size, d.Difficulty))],
            [.. study.Paradigms.Select(p => new ParadigmRow(p.Label, Name(p.Paradigm), p.BestRun, p.Ceiling, Pair(p.CeilingInterval), p.IsPeak, p.Identified, p.PeakObserved, p.Runs, p.DetrendedSpread, p.Collapses))],
            new BootstrapInfo(study.Branches.Select(b => b.Ceiling.Intervals.Resamples + b.Ceiling.Intervals.Failed).DefaultIfEmpty(0).Max(), bootstrap.Seed, bootstrap.Level),
            study.Notes);
    }

    internal static double[]? Pair(Interval interval) => interval.IsKnown ? [interval.Low, interval.High] : null;

    internal static string Name(Paradigm paradigm) => paradigm switch
    {
        Paradigm.SftThenRl => "sft_then_rl",
        Paradigm.PureRl => "pure_rl",
        Paradigm.PureSft => "pure_sft",
        _ => "synchronized",
    };

    internal static string RegimeName(SftRegime regime) => regime switch
    {
        SftRegime.MildOverfitting => "mild_overfitting",
        SftRegime.SevereOverfitting => "severe_overfitting",
        _ => regime.ToString().ToLowerInvariant(),
    };

    internal sealed record ModelInfo(string Name, string Convention);

    internal sealed record BootstrapInfo(int Resamples, int Seed, double Level);

    internal sealed record Point(double RlEf, double Score, bool Outlier, bool Validation);

    internal sealed record Warning(string Code, string Message);

    internal sealed record ReachRow(double Fraction, double RlEf, double[]? RlEfCi, double RemainingEf, double[]? RemainingEfCi);

    internal sealed record SettingsInfo(int TrainStart, int TrainEnd, double? OutlierThreshold, double? LtsAlpha, bool FreeOffset, string Source);

    internal sealed record BranchRow(
        string Run,
        string? From,
        double? SftStep,
        string Paradigm,
        string Algorithm,
        double SftEf,
        double PSft,
        double APost,
        double[]? APostCi,
        double PlRl,
        double[]? PlRlCi,
        double CMid,
        double[]? CMidCi,
        double B,
        double[]? BCi,
        double Eps,
        string Method,
        IReadOnlyList<string> Flags,
        IReadOnlyList<Warning> Warnings,
        string? Regime,
        double? ValLoss,
        int Evaluations,
        double MaxRlEf,
        double R2Train,
        double R2Val,
        double RmseVal,
        SettingsInfo Settings,
        IReadOnlyList<ReachRow> Reach,
        ScoreStability Stability,
        string ComputeBasis,
        string Source,
        IReadOnlyList<Point> Points)
    {
        public static BranchRow Of(BranchResult b)
        {
            var c = b.Ceiling;
            var fit = c.Fit;
            var outliers = fit?.Outliers.ToHashSet() ?? [];
            var trainEnd = fit?.TrainEnd ?? c.X.Count;
            return new BranchRow(
                b.Name,
                b.From,
                b.SftStep,
                Name(b.Paradigm),
                b.Algorithm,
                b.SftExaFlops,
                c.PSft,
                c.APost,
                Pair(c.Intervals.APost),
                c.PLrl,
                Pair(c.Intervals.PL),
                c.CMid,
                Pair(c.Intervals.CMid),
                c.B,
                Pair(c.Intervals.B),
                c.Eps,
                c.Method.ToString().ToLowerInvariant(),
                [.. c.Warnings.Select(w => w.Code)],
                [.. c.Warnings.Select(w => new Warning(w.Code, w.Message))],
                b.Regime is { } r ? RegimeName(r) : null,
                b.ValidationLoss,
                c.Evaluations,
                c.MaxCompute,
                fit?.R2Train ?? double.NaN,
                fit?.R2Validation ?? double.NaN,
                fit?.RmseValidation ?? double.NaN,
                new SettingsInfo(fit?.TrainStart ?? b.Settings.TrainStart, trainEnd, b.Settings.OutlierThreshold, b.Settings.LtsAlpha, b.Settings.FreeOffset, b.SettingsSource),
                [.. b.Reach.Select(r => new ReachRow(r.Fraction, r.ExaFlops, Pair(r.Interval), r.Remaining, Pair(r.RemainingInterval)))],
                b.Stability,
                b.ComputeBasis,
                b.Source,
                [.. c.X.Select((x, i) => new Point(x, c.PSft + c.Y[i], outliers.Contains(i), i >= trainEnd)).Skip(1)]);
        }
    }

    internal sealed record Checkpoint(double Step, double SftEf, double ValLoss, double Score, string? Regime);

    internal sealed record RegimeRun(
        string Run,
        string Dataset,
        double? RecommendedStep,
        double MinValLoss,
        double? StableThreshold,
        double? SevereThreshold,
        string ComputeBasis,
        string Source,
        IReadOnlyList<Checkpoint> Checkpoints)
    {
        public static RegimeRun Of(SftRunResult run)
        {
            var labels = run.Regimes?.Checkpoints.ToDictionary(c => c.Step, c => RegimeName(c.Regime)) ?? [];
            return new RegimeRun(
                run.Name,
                run.Spec.Dataset,
                run.RecommendedSwitch?.Step,
                run.MinValidationLoss,
                run.Regimes?.StableThreshold,
                run.Regimes?.SevereThreshold,
                run.ComputeBasis,
                run.Source,
                [.. run.Checkpoints.Select(c => new Checkpoint(c.Step, c.ExaFlops, c.ValidationLoss, c.Score, labels.GetValueOrDefault(c.Step)))]);
        }
    }

    internal sealed record DecompositionRow(string Run, double MeanPSft, double MeanPlRl, double MeanAPost, IReadOnlyList<string> Averaged, IReadOnlyList<string> Excluded, string? Best, double? BestAPost)
    {
        public static DecompositionRow Of(string run, Headroom.Core.Decomposition.DecompositionSummary s)
            => new(run, s.MeanPSft, s.MeanPLrl, s.MeanAPost, s.Used, [.. s.Excluded.Select(e => $"{e.Group}: {e.Reason}")], s.Best?.Group, s.Best?.APost);
    }

    internal sealed record SelectionInfo(
        double PearsonR,
        double PearsonPValue,
        double SpearmanRho,
        int Datasets,
        double Slope,
        double Intercept,
        double RSquared,
        double ResidualStandardError,
        double Level,
        IReadOnlyList<Predicted> Fitted,
        IReadOnlyList<Predicted> Ranking,
        IReadOnlyList<string> Warnings)
    {
        public static SelectionInfo Of(Headroom.Core.Selection.SelectionAnalysis a)
            => new(
                a.Correlation.Pearson,
                a.Correlation.PearsonPValue,
                a.Correlation.Spearman,
                a.Correlation.Count,
                a.Predictor.Slope,
                a.Predictor.Intercept,
                a.Predictor.RSquared,
                a.Predictor.ResidualStandardError,
                a.Predictor.Level,
                [.. a.Fitted.Select(Predicted.Of)],
                [.. a.Ranking.Select(Predicted.Of)],
                a.Warnings);
    }

    internal sealed record Predicted(string Dataset, double MinValLoss, double PredictedCeiling, double Low, double High, double Observed, bool Extrapolated)
    {
        public static Predicted Of(Headroom.Core.Selection.CeilingPrediction p)
            => new(p.Name, p.MinValidationLoss, p.Predicted, p.Low, p.High, p.Observed, p.Extrapolated);
    }

    internal sealed record Dataset(string Name, string Run, double MinValLoss, double BestAPost, string? BestBranch, double? Size, string? Difficulty);

    internal sealed record ParadigmRow(string Label, string Paradigm, string BestRun, double Ceiling, double[]? CeilingCi, bool IsPeak, bool Identified, double PeakObserved, int Runs, double DetrendedSpread, int Collapses);
}
