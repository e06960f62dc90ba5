using Headroom.Core.Compute;
using Headroom.Core.Decomposition;
using Headroom.Core.Fitting;
using Headroom.Core.Selection;

namespace Headroom.Study;

/// <summary>
/// Everything a study found, immutable: the runs read and joined with compute, every branch's ceiling, the SFT
/// regimes and decomposition, the data selection, the paradigm comparison and the recommendation.
/// </summary>
public sealed record StudyResult
{
    /// <summary>The study's name.</summary>
    public required string Name { get; init; }

    /// <summary>The manifest it was loaded from.</summary>
    public required StudyManifest Manifest { get; init; }

    /// <summary>The model's dimensions (null when compute came without one).</summary>
    public ModelDimensions? Model { get; init; }

    /// <summary>The SFT runs and reported datasets.</summary>
    public required IReadOnlyList<SftRunResult> SftRuns { get; init; }

    /// <summary>Every RL run, in manifest order (a table's branches by step).</summary>
    public required IReadOnlyList<BranchResult> Branches { get; init; }

    /// <summary>The decomposition A_post = P_sft + PL_rl per SFT run with branches (averages exclude Pure-RL and Severe).</summary>
    public required IReadOnlyDictionary<string, DecompositionSummary> Decomposition { get; init; }

    /// <summary>Datasets with their minimum validation loss and best ceiling.</summary>
    public required IReadOnlyList<DatasetResult> Datasets { get; init; }

    /// <summary>Minimum validation loss against best ceiling across datasets (null with fewer than three known ceilings).</summary>
    public SelectionAnalysis? Selection { get; init; }

    /// <summary>Each paradigm at its best.</summary>
    public required IReadOnlyList<ParadigmSummary> Paradigms { get; init; }

    /// <summary>The recommendation in plain words, with the numbers behind it.</summary>
    public required string Recommendation { get; init; }

    /// <summary>What was skipped or assumed while reading and why some analyses are absent, one line each.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>
    /// The study's branches as `headroom fit` reports them: Pure-RL and synchronized runs leave the averages, the
    /// regimes are those of the first SFT run with a validation loss.
    /// </summary>
    public FitOutcome ToFitOutcome()
    {
        var fitted = Branches.Select(b => new FittedBranch(b.Ceiling, b.Settings, b.SettingsSource, new BranchRole(b.Name, b.Paradigm != Paradigm.SftThenRl, b.Regime), b.ValidationLoss)).ToList();
        var summary = fitted.Count > 1 ? PlasticityDecomposition.Summarize([.. fitted.Select(f => f.Ceiling)], group => fitted.First(f => f.Ceiling.Group == group).Role) : null;
        return new FitOutcome(fitted, summary, SftRuns.FirstOrDefault(r => r.Regimes is not null)?.Regimes);
    }

    /// <summary>The SFT-then-RL branch with the highest identified ceiling (else the best of any paradigm).</summary>
    public BranchResult? BestBranch => Best(Branches.Where(b => b.Paradigm == Paradigm.SftThenRl)) ?? Best(Branches);

    /// <summary>The best alternative to SFT-then-RL (Pure-RL, synchronized, Pure-SFT) whose ceiling is identified or a measured peak, or null.</summary>
    public ParadigmSummary? BestAlternative
        => Paradigms.Where(p => IsAlternative(p) && (p.Identified || p.IsPeak)).MaxBy(p => p.Ceiling);

    /// <summary>Whether the paradigm is an alternative to SFT-then-RL (Pure-RL, synchronized, Pure-SFT) with a finite ceiling.</summary>
    public static bool IsAlternative(ParadigmSummary paradigm)
        => paradigm.Paradigm is Paradigm.PureRl or Paradigm.Synchronized or Paradigm.PureSft && double.IsFinite(paradigm.Ceiling);

    /// <summary>
    /// True when <see cref="BestBranch"/> is SFT-then-RL and <see cref="BestAlternative"/> reaches higher: the branch is
    /// then the highest SFT-then-RL ceiling, not the study's.
    /// </summary>
    public bool BestBranchOutranked => BestBranch is { Paradigm: Paradigm.SftThenRl } best && BestAlternative is { } alternative && alternative.Ceiling > best.Ceiling.APost;

    /// <summary>
    /// The branch with the highest ceiling, preferring ceilings the data identify: a fitted law whose C_mid lies within
    /// the measured compute beats an extrapolated one or a peak, which count only when nothing else is there.
    /// </summary>
    public static BranchResult? Best(IEnumerable<BranchResult> branches)
    {
        var finite = branches.Where(b => double.IsFinite(b.Ceiling.APost)).ToList();
        var identified = finite.Where(IsIdentified).ToList();
        return (identified.Count > 0 ? identified : finite).MaxBy(b => b.Ceiling.APost);
    }

    /// <summary>Whether the branch's ceiling is a fitted law the data identify (not a peak, not flagged ceiling_not_identified).</summary>
    public static bool IsIdentified(BranchResult branch)
        => double.IsFinite(branch.Ceiling.APost) && branch.Ceiling.Method == CeilingMethod.Sigmoid && branch.Ceiling.Warnings.All(w => w.Code != "ceiling_not_identified");
}
