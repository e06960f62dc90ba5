using Headroom.Cli.Output;
using Headroom.Core.Fitting;
using Headroom.Core.Regimes;
using Headroom.Study;

namespace Headroom.Cli.Fit;

/// <summary>The JSON document of `headroom fit --format json` (snake_case on the wire).</summary>
internal sealed record FitReport(
    string File,
    string Mode,
    string X,
    string Y,
    string? Group,
    FitReport.BootstrapInfo Bootstrap,
    IReadOnlyList<FitReport.Branch> Fits,
    FitReport.StudySummary? Summary)
{
    public static FitReport From(FitOutcome outcome, string file, FitMode mode, string x, string y, string? group, BootstrapOptions? bootstrap)
        => new(
            file,
            mode.ToString().ToLowerInvariant(),
            x,
            y,
            group,
            new BootstrapInfo(bootstrap?.Resamples ?? 0, bootstrap?.Seed ?? 0, bootstrap?.Level ?? double.NaN),
            outcome.Branches.Select(Branch.From).ToList(),
            StudySummary.From(outcome));

    internal sealed record BootstrapInfo(int Resamples, int Seed, double Level);

    internal sealed record SettingsInfo(int TrainStart, int TrainEnd, double? OutlierThreshold, double? LtsAlpha, string LtsSearch, bool FreeOffset, string Source);

    internal sealed record Point(double X, double Score);

    internal sealed record Warning(string Code, string Message);

    internal sealed record Role(bool PureRl, string? Regime, double? ValLoss);

    internal sealed record Branch(
        string Group,
        double PSft,
        double APost,
        double PlRl,
        double Eps,
        double CMid,
        double B,
        double[]? APostCi,
        string? APostCiKind,
        double[]? PlRlCi,
        double[]? CMidCi,
        double[]? BCi,
        double R2Train,
        double R2Val,
        double RmseVal,
        double Aic,
        double Bic,
        string Method,
        string Status,
        int Evaluations,
        double MaxCompute,
        SettingsInfo Settings,
        IReadOnlyList<Point> Outliers,
        IReadOnlyList<Warning> Warnings,
        Role Role)
    {
        public static Branch From(FittedBranch fitted)
        {
            var c = fitted.Ceiling;
            var fit = c.Fit;
            var s = fitted.Settings;
            return new Branch(
                c.Group,
                c.PSft,
                c.APost,
                c.PLrl,
                c.Eps,
                c.CMid,
                c.B,
                Pair(c.Intervals.APost),
                c.Intervals.APost.IsKnown ? KindName(c.Intervals.APostKind) : null,
                Pair(c.Intervals.PL),
                Pair(c.Intervals.CMid),
                Pair(c.Intervals.B),
                fit?.R2Train ?? double.NaN,
                fit?.R2Validation ?? double.NaN,
                fit?.RmseValidation ?? double.NaN,
                fit?.Aic ?? double.NaN,
                fit?.Bic ?? double.NaN,
                c.Method.ToString().ToLowerInvariant(),
                fit?.Status.ToString() ?? "NotFitted",
                c.Evaluations,
                c.MaxCompute,
                new SettingsInfo(fit?.TrainStart ?? s.TrainStart, fit?.TrainEnd ?? s.TrainEnd ?? c.X.Count, s.OutlierThreshold, s.LtsAlpha, s.LtsSearch.ToString().ToLowerInvariant(), s.FreeOffset, fitted.SettingsSource),
                (fit?.Outliers ?? []).Select(i => new Point(c.X[i], c.PSft + c.Y[i])).ToList(),
                c.Warnings.Select(w => new Warning(w.Code, w.Message)).ToList(),
                new Role(fitted.Role.IsPureRl, fitted.Role.Regime is { } r ? r.JsonName() : null, fitted.ValidationLoss));
        }

        private static double[]? Pair(Interval interval) => interval.IsKnown ? [interval.Low, interval.High] : null;
    }

    internal sealed record StudySummary(
        double MeanPSft,
        double MeanPlRl,
        double MeanAPost,
        IReadOnlyList<string> Averaged,
        IReadOnlyList<Excluded> Excluded,
        string? BestGroup,
        double? BestAPost,
        double[]? BestAPostCi,
        string? PureRlGroup,
        double? PureRlAPost,
        string? RecommendedSwitch)
    {
        public static StudySummary? From(FitOutcome outcome)
        {
            if (outcome.Summary is not { } s)
            {
                return null;
            }

            var best = s.Best;
            return new StudySummary(
                s.MeanPSft,
                s.MeanPLrl,
                s.MeanAPost,
                s.Used,
                s.Excluded.Select(e => new Excluded(e.Group, e.Reason)).ToList(),
                best?.Group,
                best?.APost,
                best is not null && best.Intervals.APost.IsKnown ? [best.Intervals.APost.Low, best.Intervals.APost.High] : null,
                s.PureRl?.Group,
                s.PureRl?.APost,
                outcome.Regimes?.RecommendedSwitch is { } sw ? TextFormat.Number(sw.Step) : null);
        }
    }

    internal sealed record Excluded(string Group, string Reason);

    /// <summary>`two_sided` or `lower_bound` (the table prints a lower bound as "≥ low").</summary>
    public static string KindName(IntervalKind kind) => kind == IntervalKind.LowerBound ? "lower_bound" : "two_sided";
}
