using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>How one branch's fit settings are chosen under a <see cref="FitMode"/>, shared by `fit` and studies.</summary>
internal static class SettingsChoice
{
    /// <summary>The default mode's settings: every point trains, tau 3, plain least squares, eps fixed.</summary>
    public static FitSettings DefaultSettings => FitSettings.DefaultMode;

    /// <summary>
    /// Paper mode takes the branch's explicit settings (by any of <paramref name="labels"/>) or the settings for
    /// all; auto searches by validation score; the default mode uses the settings for all or the defaults.
    /// Null when paper mode has no settings for the branch.
    /// </summary>
    public static (FitSettings Settings, string Source)? Choose(
        FitMode mode, BranchCurve curve, IReadOnlyList<string> labels, IReadOnlyDictionary<string, FitSettings>? perBranch, FitSettings? forAll, int threads)
    {
        if (perBranch is not null && labels.Any(label => GroupLabels.TryFind(perBranch, label, out _)))
        {
            var label = labels.First(l => GroupLabels.TryFind(perBranch, l, out _));
            GroupLabels.TryFind(perBranch, label, out var explicitSettings);
            return (explicitSettings, "settings file");
        }

        switch (mode)
        {
            case FitMode.Paper when forAll is not null:
                return (forAll, "command line");
            case FitMode.Paper:
                return null;
            case FitMode.Auto:
                var (x, y) = curve.ToGains();
                return SettingsSearch.Best(x, y, threads: threads) is { } best
                    ? (best.Settings, $"auto search over {best.Candidates} candidates")
                    : (DefaultSettings, "default (too few points to hold out a validation split)");
            default:
                return (forAll ?? DefaultSettings, "default");
        }
    }
}
